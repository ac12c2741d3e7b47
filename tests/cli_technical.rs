//! Technical text through the real binary: `aloud pronounce` reads numeronyms, versions,
//! signs, addresses and technical names as a listener expects, and says where each
//! pronunciation came from.

use std::process::Command;

/// `aloud pronounce --json TEXT` as (word, source) pairs.
fn pronounce(text: &str) -> Vec<(String, String)> {
    let o = Command::new(env!("CARGO_BIN_EXE_aloud"))
        .args(["pronounce", "--json", text])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let rows: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    rows.as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["word"].as_str().unwrap().to_string(),
                r["source"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn words(rows: &[(String, String)]) -> String {
    rows.iter()
        .map(|(w, _)| w.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn pronounce_reads_technical_text_as_spoken() {
    let rows = pronounce("k8s v1.32 runs ≅2.2 million pods at 5 GB/s on example.com");
    assert_eq!(
        words(&rows),
        "kubernetes version one point thirty two runs approximately two point two million \
         pods at five gigabytes per second on example dot com"
    );
    assert_eq!(rows[0].1, "technical");
}

#[test]
fn pronounce_says_technical_names_from_the_technical_list() {
    let rows = pronounce("Kubernetes nginx PostgreSQL JSON kubectl");
    assert_eq!(words(&rows), "kubernetes nginx postgresql json kubectl");
    assert!(rows.iter().all(|(_, s)| s == "technical"), "{rows:?}");
}
