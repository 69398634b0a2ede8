//! `telecrm completions SHELL` and `telecrm man`, from the same definitions
//! as `--help`.

use crate::telecrm;

#[test]
fn bash_completion_loads_and_completes_subcommands() {
    let script = telecrm()
        .args(["completions", "bash"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("telecrm.bash");
    std::fs::write(&file, &script).unwrap();
    // Load it in a real bash, then ask it to complete `telecrm le`.
    let probe = format!(
        "source {}; COMP_WORDS=(telecrm le); COMP_CWORD=1; COMP_LINE='telecrm le'; COMP_POINT=10; \
         _telecrm telecrm le telecrm; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        file.display()
    );
    let output = std::process::Command::new("bash")
        .args(["--norc", "-c", &probe])
        .output()
        .expect("bash runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let words = String::from_utf8(output.stdout).unwrap();
    assert!(words.lines().any(|w| w == "lead"), "{words}");
}

#[test]
fn every_shell_gets_a_script() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = telecrm()
            .args(["completions", shell])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.contains("telecrm") && text.contains("doctor"),
            "{shell}"
        );
    }
}

#[test]
fn the_manual_is_roff_with_every_command() {
    let out = telecrm()
        .arg("man")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let page = String::from_utf8(out).unwrap();
    assert!(
        page.starts_with(".ie") || page.starts_with(".TH"),
        "{}",
        &page[..40.min(page.len())]
    );
    assert!(page.contains(".TH telecrm"), "a title header");
    for command in [
        "action",
        "lead",
        "team",
        "meta",
        "sandbox",
        "doctor",
        "completions",
    ] {
        assert!(page.contains(command), "{command}");
    }
    // Each command has its section, with the options it takes (and only
    // those: the sandbox's has no client option).
    let section = |name: &str| {
        let start = page
            .find(&format!(".SH \"{name}\""))
            .unwrap_or_else(|| panic!("no section {name}"));
        let rest = &page[start + 4..];
        rest[..rest.find("\n.SH ").unwrap_or(rest.len())].to_owned()
    };
    let create = section("TELECRM LEAD CREATE");
    for option in ["\\-\\-check\\-schema", "\\-\\-batch", "\\-\\-token"] {
        assert!(create.contains(option), "{option} in {create}");
    }
    let sandbox = section("TELECRM SANDBOX");
    assert!(sandbox.contains("\\-\\-listen"), "{sandbox}");
    assert!(!sandbox.contains("\\-\\-attempts"), "{sandbox}");
}
