//! IGMP v1/v2/v3, after tcpdump 5.0's print-igmp.c: formats `wire::igmp`'s view.

use super::{fmt, Ctx, Trunc, R};
use crate::names;
use crate::wire::checksum;
use crate::wire::igmp::{field, v3_max_resp_time, Igmp};
use crate::wire::registry::IgmpType;

/// True for the types this printer decodes; DVMRP, PIMv1 and mtrace are
/// left to the generic ` ip-proto-2 N` line.
pub fn handles(bp: &[u8]) -> bool {
    let k = Igmp::new(bp).kind().map(IgmpType);
    !matches!(k, Some(IgmpType::DVMRP | IgmpType::PIM_V1 | IgmpType::MTRACE | IgmpType::MTRACE_RESP))
}

/// `igmp_print`: `len` is the IP payload length.
pub fn print(ctx: &mut Ctx<'_>, bp: &[u8], len: u32) -> R {
    ctx.proto = "igmp";
    if ctx.opts.quiet {
        ctx.s("igmp");
        return Ok(());
    }
    let m = Igmp::new(bp);
    let kind = m.kind().ok_or(Trunc)?;
    match IgmpType(kind) {
        IgmpType::QUERY => {
            ctx.s("igmp query");
            if len >= 12 {
                v3_query(ctx, &m, len)?;
            } else {
                v1v2_query(ctx, &m, len)?;
            }
        }
        IgmpType::V1_REPORT => {
            let g = m.group().ok_or(Trunc)?;
            ctx.s("igmp v1 report ");
            fmt::ipv4(ctx.out, g);
            if len != 8 {
                ctx.s(" [len ");
                ctx.u(len);
                ctx.s("]");
            }
        }
        IgmpType::V2_REPORT => {
            let g = m.group().ok_or(Trunc)?;
            ctx.s("igmp v2 report ");
            fmt::ipv4(ctx.out, g);
        }
        IgmpType::V3_REPORT => {
            ctx.s("igmp v3 report");
            v3_report(ctx, &m, len)?;
        }
        IgmpType::LEAVE => {
            let g = m.group().ok_or(Trunc)?;
            ctx.s("igmp leave ");
            fmt::ipv4(ctx.out, g);
        }
        _ => {
            ctx.s("igmp-");
            ctx.u(kind);
        }
    }
    if ctx.v() > 0 && len >= 4 {
        if let Some(whole) = bp.get(..len as usize) {
            if checksum::checksum(whole) != 0 {
                ctx.s(" bad igmp cksum ");
                fmt::x(ctx.out, m.checksum().ok_or(Trunc)?.into());
                ctx.s("!");
            }
        }
    }
    Ok(())
}

fn v1v2_query(ctx: &mut Ctx<'_>, m: &Igmp<'_>, len: u32) -> R {
    let mrt = m.max_resp().ok_or(Trunc)?;
    if mrt != 0 {
        ctx.s(" v2");
        if mrt != 100 {
            ctx.s(" [max resp time ");
            ctx.u(mrt);
            ctx.s("]");
        }
    } else {
        ctx.s(" v1");
    }
    if m.group_u32().ok_or(Trunc)? != 0 {
        let g = m.group().ok_or(Trunc)?;
        ctx.s(" [gaddr ");
        fmt::ipv4(ctx.out, g);
        ctx.s("]");
    }
    if len != 8 {
        ctx.s(" [len ");
        ctx.u(len);
        ctx.s("]");
    }
    Ok(())
}

/// `print_igmpv3_query`.
fn v3_query(ctx: &mut Ctx<'_>, m: &Igmp<'_>, len: u32) -> R {
    ctx.s(" v3");
    if len < 12 || len & 3 != 0 {
        ctx.s(" [invalid len ");
        ctx.u(len);
        ctx.s("]");
        return Ok(());
    }
    let mrc = m.max_resp().ok_or(Trunc)?;
    if mrc != 100 {
        let mrt = v3_max_resp_time(mrc);
        ctx.s(" [max resp time ");
        if mrt < 600 {
            // tcpdump's "%.1fs" of mrt * 0.1: one decimal of tenths.
            ctx.u(mrt / 10);
            ctx.s(".");
            ctx.u(mrt % 10);
            ctx.s("s");
        } else {
            fmt::relts(ctx.out, mrt / 10);
        }
        ctx.s("]");
    }
    if m.group_u32().ok_or(Trunc)? == 0 {
        return Ok(());
    }
    let g = m.group().ok_or(Trunc)?;
    ctx.s(" [gaddr ");
    fmt::ipv4(ctx.out, g);
    let nsrcs = m.query_sources().ok_or(Trunc)?;
    if nsrcs > 0 {
        if len < 12 + (u32::from(nsrcs) << 2) {
            ctx.s(" [invalid number of sources]");
            return Ok(());
        }
        if ctx.v() > 1 {
            ctx.s(" {");
            for i in 0..nsrcs as usize {
                let a = m.query_source(i).ok_or(Trunc)?;
                ctx.s(" ");
                fmt::ipv4(ctx.out, a);
            }
            ctx.s(" }");
        } else {
            ctx.s(", ");
            ctx.u(nsrcs);
            ctx.s(" source(s)");
        }
    }
    ctx.s("]");
    Ok(())
}

/// `print_igmpv3_report`.
fn v3_report(ctx: &mut Ctx<'_>, m: &Igmp<'_>, len: u32) -> R {
    if len < 16 || len & 3 != 0 {
        ctx.s(" [invalid len ");
        ctx.u(len);
        ctx.s("]");
        return Ok(());
    }
    let ngroups = m.num_records().ok_or(Trunc)?;
    ctx.s(", ");
    ctx.u(ngroups);
    ctx.s(" group record(s)");
    if ctx.v() == 0 {
        return Ok(());
    }
    let len = len as usize;
    let mut at = field::RECORDS;
    for _ in 0..ngroups {
        if len < at + 8 {
            ctx.s(" [invalid number of groups]");
            return Ok(());
        }
        let r = m.record(at);
        let g = r.group().ok_or(Trunc)?;
        ctx.s(" [gaddr ");
        fmt::ipv4(ctx.out, g);
        let kind = r.kind().ok_or(Trunc)?;
        ctx.s(" ");
        match names::igmp::record_type(kind) {
            Some(n) => ctx.s(n),
            None => {
                ctx.s(" [v3-report-#");
                ctx.u(kind);
                ctx.s("]");
            }
        }
        let nsrcs = r.num_sources().ok_or(Trunc)?;
        if len < at + 8 + ((nsrcs as usize) << 2) {
            ctx.s(" [invalid number of sources ");
            ctx.u(nsrcs);
            ctx.s("]");
            return Ok(());
        }
        if ctx.v() == 1 {
            ctx.s(", ");
            ctx.u(nsrcs);
            ctx.s(" source(s)");
        } else {
            ctx.s(" {");
            for j in 0..nsrcs as usize {
                let a = r.source(j).ok_or(Trunc)?;
                ctx.s(" ");
                fmt::ipv4(ctx.out, a);
            }
            ctx.s(" }");
        }
        at += r.size();
        ctx.s("]");
    }
    Ok(())
}
