//! The filter: any expression compiles or fails with an error (never a
//! panic), for every supported link type (802.11 through its view), and the
//! program runs on any packet;
//! any instruction sequence runs in the interpreter and ends.
#![no_main]
use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use tcpsleuth::filter::{bpf, Filter, Insn, Program};

#[derive(Arbitrary, Debug)]
struct Input {
    expr: String,
    packet: Vec<u8>,
    wire_len: u32,
    program: Vec<(u16, u8, u8, u32)>,
}

const LINK_TYPES: &[u32] = &[1, 113, 276, 101, 228, 229, 0, 108, 9, 10];

fuzz_target!(|i: Input| {
    for &lt in LINK_TYPES {
        if let Ok(p) = Program::compile(&i.expr, lt, 0) {
            let _ = p.matches(&i.packet, i.wire_len);
            let _ = p.dump();
        }
    }
    // 802.11 (plain, radiotap, PPI): the view filter/wlan.rs builds.
    for lt in [105, 127, 192] {
        if let Ok(mut f) = Filter::new(&i.expr, Some(lt)) {
            let _ = f.matches(lt, &i.packet, i.wire_len);
        }
    }
    let prog: Vec<Insn> = i.program.iter().map(|&(code, jt, jf, k)| Insn { code, jt, jf, k }).collect();
    let _ = bpf::run(&prog, &i.packet, i.wire_len);
    let _ = bpf::dump(&prog);
});
