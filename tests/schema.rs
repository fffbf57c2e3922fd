//! The editors' JSON Schemas (`sanshai schema`): every sample file validates against its
//! schema (jsonschema), the schema files kept in `schema/` are the ones the code generates,
//! and a wrong type or an unknown key is caught, as the editor would underline it.

mod support;

use serde_json::Value;
use std::fs;
use support::*;

fn schemas() -> Vec<(&'static str, Value)> {
    sanshai::schema::all()
}

fn schema(name: &str) -> jsonschema::Validator {
    let (_, s) = schemas().into_iter().find(|(n, _)| *n == name).unwrap();
    jsonschema::validator_for(&s).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn as_json(path: &std::path::Path) -> Value {
    let text = fs::read_to_string(path).unwrap();
    let yaml: serde_norway::Value = serde_norway::from_str(&text).unwrap();
    serde_json::to_value(yaml).unwrap()
}

fn problems(v: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    v.iter_errors(instance)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

#[test]
fn every_sample_file_validates_against_its_schema() {
    let mut checked = 0;
    let mut failures = Vec::new();
    for folder in ["content", "tests/fixtures/minimal", "tests/fixtures/import"] {
        for entry in walkdir::WalkDir::new(root().join(folder)) {
            let entry = entry.unwrap();
            let name = entry.file_name().to_string_lossy().to_string();
            let schema_name = match sanshai::schema::for_file(&name) {
                Some(s) => s,
                None if name.ends_with("导入规则.yaml") => "import-rules.schema.json",
                None => continue,
            };
            let found = problems(&schema(schema_name), &as_json(entry.path()));
            checked += 1;
            if !found.is_empty() {
                failures.push(format!(
                    "{}:\n  {}",
                    entry.path().display(),
                    found.join("\n  ")
                ));
            }
        }
    }
    assert!(checked >= 30, "only {checked} files");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_schema_folder_holds_what_the_code_generates() {
    for (name, schema) in schemas() {
        let path = root().join("schema").join(name);
        let kept: Value = serde_json::from_str(&fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!(
                "{}: {e} (run: cargo run -- schema --output schema)",
                path.display()
            )
        }))
        .unwrap();
        assert!(
            kept == schema,
            "{name} is out of date: run cargo run -- schema --output schema"
        );
    }
}

#[test]
fn wrong_types_and_unknown_keys_are_caught() {
    let accounts = schema("accounts.schema.json");
    let good = as_json(&root().join("content/villages/dongshan/2025-q3/accounts.yaml"));
    assert!(problems(&accounts, &good).is_empty());
    let mut bad = good.clone();
    bad["income"][0]["amount"] = Value::String("壹仟元".into());
    bad["income"][0]["ammount"] = Value::from(1);
    bad["review"]["reviewed_on"] = Value::String("十月九日".into());
    let found = problems(&accounts, &bad).join("\n");
    assert!(found.contains("/income/0/amount"), "{found}");
    assert!(found.contains("ammount"), "{found}");
    assert!(found.contains("/review/reviewed_on"), "{found}");
    // Every date form the loader reads is a date for the editor too.
    for d in ["2025-07-05", "2025/7/5", "2025年7月5日"] {
        bad = good.clone();
        bad["review"]["reviewed_on"] = Value::String(d.into());
        assert!(problems(&accounts, &bad).is_empty(), "{d}");
    }
    // A scaffolded file starts with the modeline that points at the schema.
    let text = sanshai::scaffold::village_text("新村");
    assert!(
        text.starts_with("# yaml-language-server: $schema=../../../schema/village.schema.json\n")
    );
}
