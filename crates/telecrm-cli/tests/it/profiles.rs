//! Profiles: `telecrm config`, and a flag beating the environment beating
//! the profile; tokens never written, token files only their owner can read.

use std::os::unix::fs::PermissionsExt;

use telecrm_sandbox::SandboxConfig;

use crate::{LEAD, Live, telecrm};

fn config(home: &std::path::Path, args: &[&str]) -> assert_cmd::assert::Assert {
    telecrm().env("XDG_CONFIG_HOME", home).args(args).assert()
}

#[test]
fn set_get_list_and_use() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    config(h, &["config", "set", "enterprise", "ent-a"]).success();
    config(
        h,
        &["--profile", "b", "config", "set", "enterprise", "ent-b"],
    )
    .success();
    config(
        h,
        &["--profile", "b", "config", "set", "check_schema", "true"],
    )
    .success();
    config(h, &["config", "get", "enterprise"])
        .success()
        .stdout("ent-a\n");
    config(h, &["config", "get", "lead_identifier"])
        .code(1)
        .stdout("");
    config(h, &["config", "use", "b"]).success();
    config(h, &["config", "get", "enterprise"])
        .success()
        .stdout("ent-b\n");
    config(h, &["config", "list"])
        .success()
        .stdout("[b] (default)\n  enterprise = ent-b\n  check_schema = true\n[default]\n  enterprise = ent-a\n");
    let file = std::fs::read_to_string(h.join("telecrm/config.toml")).unwrap();
    assert!(file.contains("default = \"b\""), "{file}");
    // Mistakes, each said.
    config(h, &["config", "set", "token", "s3cr3t"])
        .code(2)
        .stderr(predicates::str::contains("never written"));
    config(h, &["config", "set", "colour", "x"]).code(2);
    config(h, &["config", "set", "check_schema", "maybe"]).code(2);
    config(h, &["config", "use", "nope"]).code(2);
    assert!(
        !std::fs::read_to_string(h.join("telecrm/config.toml"))
            .unwrap()
            .contains("s3cr3t")
    );
}

#[test]
fn a_flag_beats_the_environment_which_beats_the_profile() {
    let live = Live::start(SandboxConfig::new());
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let token = h.join("work.token");
    std::fs::write(&token, format!("{}\n", live.sandbox.token())).unwrap();
    std::fs::set_permissions(&token, std::fs::Permissions::from_mode(0o600)).unwrap();
    let token = token.display().to_string();
    for (key, value) in [
        ("base_url", live.sandbox.base_url()),
        ("enterprise", live.sandbox.enterprise().to_owned()),
        ("token_file", token.clone()),
    ] {
        config(h, &["config", "set", key, &value]).success();
    }
    let get = ["lead", "get", "--lead", LEAD];
    // The profile alone is enough.
    config(h, &get).success();
    // The environment beats it: a wrong enterprise there is refused.
    telecrm()
        .env("XDG_CONFIG_HOME", h)
        .env("TELECRM_ENTERPRISE_ID", "0123456789abcdef01234567")
        .args(get)
        .assert()
        .code(3);
    // And a flag beats the environment.
    telecrm()
        .env("XDG_CONFIG_HOME", h)
        .env("TELECRM_ENTERPRISE_ID", "0123456789abcdef01234567")
        .args(["--enterprise", live.sandbox.enterprise()])
        .args(get)
        .assert()
        .success();
    // A token file others can read is refused, naming the fix.
    std::fs::set_permissions(&token, std::fs::Permissions::from_mode(0o644)).unwrap();
    config(h, &get)
        .code(2)
        .stderr(predicates::str::contains("chmod 600"));
    // A profile that does not exist, named, is an error.
    config(h, &["--profile", "nope", "lead", "get", "--lead", LEAD]).code(2);
}
