//! The integration tests: one binary, one module per area.
//!
//! `cargo test --release` runs them all; `cargo test --test it scans_cli`
//! runs one area. Suites that compare with the peer data find it through
//! env `TCPSLEUTH_SHARED`, else `../shared` beside the repository root; when
//! it is absent they print `SKIPPED: <test>: needs ../shared/<what>` and pass,
//! except under `CI=true`, where they fail. Helpers live in `support/`.

mod support;

/// The fuzz targets' driver: every reader, decoder and printer on one input.
#[path = "../../fuzz/common/exercise.rs"]
mod exercise;

mod architecture;
mod capture_broken;
mod capture_reader;
mod capture_sets;
mod capture_speed;
mod cluster_job;
mod conns_diagnose_agree;
mod detail_tree;
mod diagnose_input;
mod diagnose_lab;
mod diagnose_scenarios;
mod filter_cli;
mod filter_differential;
mod flow_conns_cli;
mod hostile_corpus;
mod hostile_floods;
mod hostile_regressions;
mod live_capture;
mod parquet_duckdb;
mod probe_netns;
mod scans_bench;
mod scans_built;
mod scans_cli;
mod scans_scenarios;
mod services_scenarios;
#[cfg(target_os = "linux")]
mod sockets_netns;
mod ss_states;
mod tcpdump_conformance;
mod tcpdump_differential;
mod threads_equivalence;
mod tshark_analysis;
mod tunnels_conns;
mod views_cli;
mod views_report;
mod watch_tmux;
mod wifi_monitor;
mod zeek_conformance;
