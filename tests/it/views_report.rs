//! `tcpsleuth report`: the HTML file escapes every string from a packet,
//! and a real browser (Debian's headless chromium) renders the findings,
//! the connection rows and the SVG ladders. Without chromium the browser
//! tests print one SKIPPED line, and fail under CI=true.

use crate::support::{in_ci, on_path, output, repo_path, scratch_dir, tcpsleuth};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Writes the report of `capture` and returns its HTML and the exit code.
fn report(capture: &Path, out: &Path) -> (String, i32) {
    let o = output(tcpsleuth().args(["report", "-r"]).arg(capture).arg("-o").arg(out));
    let html = std::fs::read_to_string(out).unwrap_or_else(|e| panic!("no report: {e}: {}", o.stderr));
    (html, o.code)
}

fn hostile() -> PathBuf {
    repo_path("tests/fixtures/views/hostile_names.pcap")
}

#[test]
fn strings_from_packets_are_escaped_in_the_html() {
    let d = scratch_dir("escape");
    let (html, _) = report(&hostile(), &d.join("r.html"));
    assert_eq!(html.matches("<script").count(), 1, "only the report's own script element");
    assert_eq!(html.matches("</style>").count(), 1, "only the report's own style element ends");
    assert!(!html.contains("<img"), "no element from a packet");
    assert!(html.contains("&lt;script&gt;alert(&#39;dns&#39;)&lt;/script&gt;.example"), "the DNS name shows as text");
    assert!(html.contains("javascript:alert(&#39;sni&#39;)&lt;/style&gt;"), "the SNI shows as text");
    assert!(html.contains("&quot;&gt;&lt;script&gt;alert(&quot;host&quot;)"), "the Host header shows as text");
}

/// Debian's chromium, when installed.
fn chromium(test: &str) -> Option<PathBuf> {
    if let Some(p) = on_path("chromium").or_else(|| on_path("chromium-browser")) {
        return Some(p);
    }
    assert!(!in_ci(), "{test}: chromium is missing under CI (.ci/run installs it)");
    eprintln!("SKIPPED: {test}: needs chromium (apt-get install chromium)");
    None
}

/// Loads `html` in headless chromium with the network off; returns the DOM
/// as the browser built it.
fn dump_dom(browser: &Path, html: &Path, profile: &Path) -> String {
    let o = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--dump-dom",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("file://{}", html.display()))
        .output()
        .expect("run chromium");
    assert!(o.status.success(), "chromium failed: {}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn a_browser_renders_findings_rows_and_ladders_of_the_sample() {
    let Some(browser) = chromium("a_browser_renders_findings_rows_and_ladders_of_the_sample") else { return };
    let d = scratch_dir("sample");
    let html = d.join("r.html");
    let (_, code) = report(&repo_path("samples/sample.pcap"), &html);
    assert_eq!(code, 1, "the sample has failures");
    let dom = dump_dom(&browser, &html, &d.join("profile"));
    for label in ["refused", "no_response", "reset_midstream", "rejected_icmp"] {
        assert!(dom.contains(&format!("<span class=\"label\">{label}</span>")), "finding {label} rendered");
    }
    let rows = dom.split("<tbody>").nth(1).unwrap_or_default().split("</tbody>").next().unwrap_or_default().matches("<tr>").count();
    assert!(rows >= 100, "connection rows rendered: {rows}");
    assert!(dom.matches("<svg class=\"ladder\"").count() >= 3, "SVG ladders rendered");
}

#[test]
fn a_browser_shows_hostile_names_as_text_and_runs_no_script_from_them() {
    let Some(browser) = chromium("a_browser_shows_hostile_names_as_text") else { return };
    let d = scratch_dir("hostile");
    let html = d.join("r.html");
    report(&hostile(), &html);
    let dom = dump_dom(&browser, &html, &d.join("profile"));
    assert_eq!(dom.matches("<script").count(), 1, "the DOM holds only the report's script");
    assert!(!dom.contains("<img") && !dom.contains("<a href"), "no element came from a packet");
    assert!(dom.contains("&lt;script&gt;alert('dns')&lt;/script&gt;.example"), "DNS name as text");
    assert!(dom.contains("<span class=\"label\">refused</span>"), "the refusal is still reported");
}
