//! The cluster job (cluster/, Apache Spark through pyspark, local mode here):
//! a fleet of sensors' rotated capture sets becomes one Parquet dataset
//! partitioned by sensor and date, and every sensor's connections, stitched
//! across file boundaries, equal one `tcpsleuth conns -r SENSOR_DIR` run.
//! Needs python3 with pyspark and java (installed by .ci/run).

use crate::support::{bin, missing, repo, scratch_dir, shared_root as shared};
use std::path::Path;
use std::process::Command;

/// Whether python3 can import pyspark and a java runtime answers.
fn spark_available() -> bool {
    let py = Command::new("python3")
        .args(["-c", "import pyspark"])
        .output();
    let java = Command::new("java").arg("-version").output();
    matches!(py, Ok(o) if o.status.success()) && matches!(java, Ok(o) if o.status.success())
}

/// Splits `file` every `packets` packets into DIR/PREFIX_00000_<time>.pcap … (editcap -c).
fn split_by_count(file: &Path, dir: &Path, prefix: &str, packets: &str) {
    std::fs::create_dir_all(dir).expect("sensor dir");
    let out = dir.join(format!("{prefix}.pcap"));
    let st = Command::new("editcap")
        .args(["-F", "pcap", "-c", packets])
        .arg(file)
        .arg(out)
        .output();
    let st = st.expect("editcap (tshark) runs");
    assert!(
        st.status.success(),
        "editcap -c: {}",
        String::from_utf8_lossy(&st.stderr)
    );
}

/// Splits `file` as `tcpdump -C MEGABYTES` does into DIR/piece, piece1 …
fn rotate(file: &Path, dir: &Path, megabytes: &str) {
    std::fs::create_dir_all(dir).expect("sensor dir");
    let st = Command::new("tcpdump")
        .args([
            "-r",
            file.to_str().unwrap_or_default(),
            "-w",
            dir.join("piece").to_str().unwrap_or_default(),
        ])
        // As root tcpdump drops to its own user, who may not write our scratch dir.
        .args(["-C", megabytes, "-Z", "root"])
        .output()
        .expect("tcpdump runs");
    assert!(
        st.status.success(),
        "tcpdump -C: {}",
        String::from_utf8_lossy(&st.stderr)
    );
}

/// Runs the job with --verify; returns its standard output.
fn run_job(captures: &Path, out: &Path) -> String {
    let run = Command::new("python3")
        .current_dir(repo())
        .args([
            "-m",
            "cluster.job",
            "--verify",
            "--master",
            "local[2]",
            "--tcpsleuth",
            bin(),
        ])
        .arg("--captures")
        .arg(captures)
        .arg("--out")
        .arg(out)
        .output()
        .expect("python3 -m cluster.job");
    let stdout = String::from_utf8_lossy(&run.stdout).into_owned();
    assert!(
        run.status.success(),
        "cluster job failed ({:?}):\n{stdout}\n{}",
        run.status.code(),
        String::from_utf8_lossy(&run.stderr)
    );
    stdout
}

/// The job's verify lines say every sensor's stitched connections are the whole-set run's.
fn assert_identical(stdout: &str, sensors: &[&str]) {
    for sensor in sensors {
        let line = stdout
            .lines()
            .find(|l| l.starts_with(&format!("verify: sensor {sensor}:")));
        let line = line.unwrap_or_else(|| panic!("no verify line for {sensor}:\n{stdout}"));
        assert!(line.ends_with("identical"), "{line}");
    }
}

/// east and west: repository fixtures rotated every few packets.
fn fixture_sensors(caps: &Path) {
    let fixtures = repo().join("tests/fixtures/tcpdump");
    // east: a TCP capture rotated every 3 packets, so its connections cross files.
    split_by_count(
        &fixtures.join("eth_tcp_options.pcap"),
        &caps.join("east"),
        "tcp",
        "3",
    );
    // west: DNS and ICMP (errors quoting UDP flows), rotated too.
    split_by_count(
        &fixtures.join("eth_dns.pcap"),
        &caps.join("west"),
        "a_dns",
        "2",
    );
    split_by_count(
        &fixtures.join("eth_icmp.pcap"),
        &caps.join("west"),
        "b_icmp",
        "4",
    );
}

/// lab: a lab scenario (one long connection with losses) rotated every 100
/// packets. edge1 and edge2: generated captures over ~2000 s each (4
/// packets/s) rotated every megabyte: files of a few minutes, so the TCP and
/// UDP timeouts reach over some boundaries and not others.
fn shared_sensors(caps: &Path, scratch: &Path) {
    split_by_count(
        &shared().join("scenarios/loss_retrans.client.pcap"),
        &caps.join("lab"),
        "piece",
        "100",
    );
    let gen = shared().join("bench/gen_capture.py");
    for (sensor, seed) in [("edge1", "7"), ("edge2", "8")] {
        let whole = scratch.join(format!("{sensor}.pcap"));
        let args = [
            "--packets",
            "8000",
            "--flows",
            "120",
            "--rate",
            "4",
            "--seed",
            seed,
            "-q",
            "-o",
        ];
        let st = Command::new("python3")
            .arg(&gen)
            .args(args)
            .arg(&whole)
            .status()
            .expect("gen_capture.py");
        assert!(st.success());
        rotate(&whole, &caps.join(sensor), "1");
    }
}

/// One Spark run (a JVM start and a few dozen tasks cost most of its time)
/// over every sensor: the fixtures always, the lab and generated ones when
/// ../shared is there.
#[test]
fn a_fleet_of_rotated_sensors_becomes_a_partitioned_dataset_equal_to_single_runs() {
    if !spark_available() {
        return missing("needs python3 with pyspark and java");
    }
    let dir = scratch_dir("fleet");
    let caps = dir.join("captures");
    fixture_sensors(&caps);
    let mut sensors = vec!["east", "west"];
    let have_shared = shared()
        .join("scenarios/loss_retrans.client.pcap")
        .is_file()
        && shared().join("bench/gen_capture.py").is_file();
    if have_shared {
        shared_sensors(&caps, &dir);
        sensors.extend(["lab", "edge1", "edge2"]);
    } else {
        missing("needs ../shared/scenarios and ../shared/bench (lab and generated sensors)");
    }
    let stdout = run_job(&caps, &dir.join("dataset"));
    assert_identical(&stdout, &sensors);
    for sensor in &sensors {
        let part = dir.join("dataset/conns").join(format!("sensor={sensor}"));
        let dated = std::fs::read_dir(&part).map(|d| {
            d.flatten()
                .any(|e| e.file_name().to_string_lossy().starts_with("date="))
        });
        assert!(
            matches!(dated, Ok(true)),
            "{} has no date= partition",
            part.display()
        );
    }
    if have_shared {
        // The generator's port scanner is in both edge captures.
        assert!(stdout.lines().any(|l| l.trim_start().starts_with("source=") && l.contains("sensors=edge1,edge2")), "no scanner seen by both edges:\n{stdout}");
    }
    let _ = std::fs::remove_dir_all(dir);
}
