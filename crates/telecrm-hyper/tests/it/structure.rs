//! The crate's modules form a graph without circles: each depends only on
//! modules that do not depend on it back (`docs/architecture.md`, "The
//! transport's modules"). Read from the `use crate::...` lines of the sources.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// `module -> modules it uses`, for every file under `src/` (`api/*` as one).
fn imports() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut graph = BTreeMap::new();
    let mut files = vec![src.clone()];
    while let Some(path) = files.pop() {
        if path.is_dir() {
            files.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
            continue;
        }
        let relative = path
            .strip_prefix(&src)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let module = relative
            .trim_end_matches(".rs")
            .split('/')
            .next()
            .unwrap()
            .to_owned();
        if module == "lib" {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let used = graph.entry(module.clone()).or_insert_with(BTreeSet::new);
        for line in text.lines() {
            let Some(rest) = line.trim().strip_prefix("use crate::") else {
                continue;
            };
            let target = rest
                .split(|c: char| !(c.is_alphanumeric() || c == '_'))
                .next()
                .unwrap()
                .to_owned();
            if target != module {
                used.insert(target);
            }
        }
    }
    graph
}

#[test]
fn modules_import_without_circles() {
    let graph = imports();
    assert!(graph.contains_key("workspace") && graph.contains_key("call"));
    // Depth-first search for a back edge, reporting the circle found.
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) {
        if done.contains(node) {
            return;
        }
        if let Some(at) = path.iter().position(|n| n == node) {
            panic!("import circle: {} -> {node}", path[at..].join(" -> "));
        }
        path.push(node.to_owned());
        for next in graph.get(node).into_iter().flatten() {
            visit(next, graph, path, done);
        }
        path.pop();
        done.insert(node.to_owned());
    }
    let mut done = BTreeSet::new();
    for node in graph.keys() {
        visit(node, &graph, &mut Vec::new(), &mut done);
    }
}
