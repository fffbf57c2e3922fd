//! JSON Schemas of the content files, generated from the model types, for editors.
//!
//! An accountant who edits `accounts.yaml` in VS Code (with the YAML extension) gets keys
//! completed and wrong types underlined while typing, when the file's first line names its
//! schema (the `yaml-language-server` modeline that scaffolded and imported files carry).
//! The schemas come from the same Rust types the loader reads (schemars), so they follow what
//! `sanshai check` accepts; the file-level documents, which the loader assembles section by
//! section, are mirrored here with the same keys. Descriptions are in Chinese (`zh`), since
//! editors show them to the accountant; dates accept every form the loader accepts.

mod zh;

use crate::model::*;
use crate::money::Money;
use schemars::generate::SchemaSettings;
use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde_json::{Map, Value};
use std::borrow::Cow;
use std::collections::BTreeMap;

impl JsonSchema for Money {
    fn schema_name() -> Cow<'static, str> {
        "Money".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "anyOf": [
                { "type": "number" },
                { "type": "string", "pattern": "^-?[¥￥]?[0-9]{1,3}(,?[0-9]{3})*(\\.[0-9]{1,2})?元?$" }
            ]
        })
    }
}

impl JsonSchema for Score {
    fn schema_name() -> Cow<'static, str> {
        "Score".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "number", "minimum": 0, "maximum": 100, "multipleOf": 0.1 })
    }
}

/// `village.yaml`, as the loader reads it.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct VillageDoc {
    name: String,
    #[serde(default)]
    intro: String,
    cadres: Vec<Cadre>,
    #[serde(default)]
    supervisors: Vec<Supervisor>,
    funds: Vec<Fund>,
    #[serde(default)]
    grid: Vec<GridCell>,
    #[serde(default)]
    reception_day: String,
    #[serde(default)]
    reception_place: String,
    #[serde(default)]
    leaders: Vec<Leader>,
    #[serde(default)]
    schedules: Vec<Schedule>,
    #[serde(default)]
    holidays: Vec<Holiday>,
}

/// `accounts.yaml`, as the loader reads it.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct AccountsDoc {
    opening: BTreeMap<String, Money>,
    closing: BTreeMap<String, Money>,
    #[serde(default)]
    income: Vec<Entry>,
    #[serde(default)]
    expenses: Vec<Entry>,
    #[serde(default)]
    transfers: Vec<Transfer>,
    #[serde(default)]
    pass_through: Vec<PassThrough>,
    #[serde(default)]
    assets: Assets,
    #[serde(default)]
    special: Special,
    review: Review,
}

/// `performance.yaml`, as the loader reads it.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct PerformanceDoc {
    #[serde(default)]
    work: Vec<WorkItem>,
    #[serde(default)]
    problems: Vec<Problem>,
    #[serde(default)]
    goals: Vec<Goal>,
    #[serde(default)]
    requests: Vec<Request>,
    #[serde(default)]
    visits: Vec<Visit>,
    #[serde(default)]
    must_visit: Vec<MustVisitEvent>,
    #[serde(default)]
    evaluation: Option<Evaluation>,
}

/// `conduct.yaml`, as the loader reads it.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct ConductDoc {
    #[schemars(with = "chrono::NaiveDate")]
    survey_date: String,
    #[serde(default)]
    surveyed: String,
    cadres: Vec<CadreConduct>,
}

/// Every schema: file name (in `schema/`) and the schema.
pub fn all() -> Vec<(&'static str, Value)> {
    vec![
        ("site.schema.json", finish::<SiteFile>("SiteFile")),
        ("village.schema.json", finish::<VillageDoc>("VillageDoc")),
        ("accounts.schema.json", finish::<AccountsDoc>("AccountsDoc")),
        (
            "performance.schema.json",
            finish::<PerformanceDoc>("PerformanceDoc"),
        ),
        ("conduct.schema.json", finish::<ConductDoc>("ConductDoc")),
        (
            "import-rules.schema.json",
            finish::<crate::import::rules::Rules>("Rules"),
        ),
    ]
}

/// The schema of a content file by its file name (`accounts.yaml` → the accounts schema).
pub fn for_file(name: &str) -> Option<&'static str> {
    Some(match name {
        "site.yaml" => "site.schema.json",
        "village.yaml" => "village.schema.json",
        "accounts.yaml" => "accounts.schema.json",
        "performance.yaml" => "performance.schema.json",
        "conduct.yaml" => "conduct.schema.json",
        _ => return None,
    })
}

/// Writes every schema into `dir` (pretty JSON, one file each); returns the paths.
pub fn write_all(dir: &std::path::Path) -> Result<Vec<std::path::PathBuf>, String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: 无法建立文件夹: {e}", dir.display()))?;
    let mut out = Vec::new();
    for (name, schema) in all() {
        let path = dir.join(name);
        let text = serde_json::to_string_pretty(&schema).unwrap_or_default() + "\n";
        std::fs::write(&path, text).map_err(|e| format!("{}: 无法写入: {e}", path.display()))?;
        out.push(path);
    }
    Ok(out)
}

/// The schema of `T` for editors: draft 7, dates as the loader reads them, Chinese
/// descriptions, no machine defaults or number formats.
fn finish<T: JsonSchema>(root: &str) -> Value {
    let generator = SchemaSettings::draft07().into_generator();
    let schema = generator.into_root_schema_for::<T>();
    let mut v = schema.to_value();
    tidy(&mut v);
    let o = v.as_object_mut().expect("a schema is an object");
    describe(o, root);
    if let Some(Value::Object(defs)) = o.get_mut("definitions") {
        for (name, def) in defs.iter_mut() {
            if let Some(d) = def.as_object_mut() {
                describe(d, name);
            }
        }
    }
    v
}

/// Replaces date formats by the forms the loader accepts, drops defaults (figures in 分 would
/// mislead) and machine number formats (`uint32`).
fn tidy(v: &mut Value) {
    match v {
        Value::Object(o) => {
            if o.get("format").and_then(Value::as_str) == Some("date") {
                o.remove("format");
                o.insert("pattern".into(), Value::String(zh::DATE_PATTERN.into()));
                o.entry("description")
                    .or_insert_with(|| Value::String(zh::DATE_TEXT.into()));
            }
            o.remove("default");
            if o.get("format").and_then(Value::as_str).is_some_and(|f| {
                f.starts_with("uint") || f.starts_with("int") || f == "double" || f == "float"
            }) {
                o.remove("format");
            }
            o.values_mut().for_each(tidy);
        }
        Value::Array(a) => a.iter_mut().for_each(tidy),
        _ => {}
    }
}

/// Sets the Chinese title and descriptions of a type and its properties.
fn describe(o: &mut Map<String, Value>, type_name: &str) {
    if let Some(d) = zh::text(type_name) {
        o.insert("description".into(), Value::String(d.into()));
    }
    if let Some(Value::Object(props)) = o.get_mut("properties") {
        for (key, prop) in props.iter_mut() {
            let Some(p) = prop.as_object_mut() else {
                continue;
            };
            if let Some(d) = zh::text(&format!("{type_name}.{key}")) {
                p.insert("description".into(), Value::String(d.into()));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every property of every schema has a Chinese description.
    #[test]
    fn every_key_is_described_in_chinese() {
        fn walk(v: &Value, path: &str, missing: &mut Vec<String>) {
            let Some(o) = v.as_object() else { return };
            if let Some(Value::Object(props)) = o.get("properties") {
                for (k, p) in props {
                    let d = p.get("description").and_then(Value::as_str).unwrap_or("");
                    if !d.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)) {
                        missing.push(format!("{path}.{k}"));
                    }
                }
            }
            for (k, child) in o {
                match child {
                    Value::Object(_) => walk(child, &format!("{path}/{k}"), missing),
                    Value::Array(a) => a.iter().for_each(|c| walk(c, path, missing)),
                    _ => {}
                }
            }
        }
        let mut missing = Vec::new();
        for (name, schema) in all() {
            walk(&schema, name, &mut missing);
        }
        assert!(missing.is_empty(), "no Chinese description: {missing:#?}");
    }
}
