//! One period's data package: its tables as CSV files and a `datapackage.json` describing
//! them as a Frictionless Tabular Data Package (v1), so that Excel and WPS open the files with
//! the right characters and a validator can check every value against its column.
//!
//! The CSV files are UTF-8 with a byte-order mark (Excel and WPS read a file without one as
//! the local code page, GBK on Chinese Windows, and garble it), comma-separated, CRLF line
//! ends, quoted only where needed. Amounts are yuan with two decimals written from integer 分.
//!
//! Text from the YAML is written as it is, with two changes: control characters other than
//! tab and line breaks are dropped, and a cell whose first visible character is `=`, `+`,
//! `-`, `@` (or their full-width forms `＝＋－＠`) or which starts with a tab or a carriage
//! return gets an apostrophe `'` in front, so a spreadsheet shows it as text instead of
//! running it as a formula (CSV injection). Only text cells are changed: numbers, dates and
//! amounts are written by this program and are never formulas.

use super::tables::{Cell, Kind, Table, TABLES};
use crate::derive::period::PeriodReport;
use serde::Serialize;
use serde_json::value::RawValue;
use std::borrow::Cow;
use std::sync::OnceLock;

/// The UTF-8 byte-order mark every CSV file starts with.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// `text` as it is safe to put in a spreadsheet cell (see the module docs).
pub fn safe_text(text: &str) -> Cow<'_, str> {
    let kept = |c: &char| !c.is_control() || matches!(c, '\t' | '\n' | '\r');
    let clean: Cow<str> = if text.chars().all(|c| kept(&c)) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.chars().filter(kept).collect())
    };
    let first = clean.trim_start().chars().next();
    let formula = matches!(
        first,
        Some('=' | '+' | '-' | '@' | '＝' | '＋' | '－' | '＠')
    );
    if formula || clean.starts_with(['\t', '\r']) {
        Cow::Owned(format!("'{clean}"))
    } else {
        clean
    }
}

/// How a cell is written.
pub fn cell_text(cell: &Cell) -> Cow<'_, str> {
    match cell {
        Cell::Text(s) => safe_text(s),
        Cell::Integer(n) => Cow::Owned(n.to_string()),
        Cell::Money(m) => Cow::Owned(m.decimal()),
        Cell::Date(d) => Cow::Borrowed(d),
        Cell::Permille(p) => Cow::Owned(format!("{}.{}", p / 10, p % 10)),
    }
}

/// A table as CSV bytes: BOM, header, rows.
pub fn csv_bytes(table: &Table, rows: &[Vec<Cell>]) -> Result<Vec<u8>, String> {
    let fail = |e: csv::Error| format!("{}: {e}", table.file());
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(BOM.to_vec());
    w.write_record(table.columns.iter().map(|c| c.name))
        .map_err(fail)?;
    for row in rows {
        for cell in row {
            w.write_field(cell_text(cell).as_bytes()).map_err(fail)?;
        }
        w.write_record(None::<&[u8]>).map_err(fail)?;
    }
    w.into_inner().map_err(|e| format!("{}: {e}", table.file()))
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Field {
    name: &'static str,
    #[serde(rename = "type")]
    kind: &'static str,
    description: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    constraints: Option<Constraints>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Constraints {
    required: bool,
    #[serde(rename = "enum", skip_serializing_if = "<[_]>::is_empty")]
    choices: &'static [&'static str],
    #[serde(skip_serializing_if = "Option::is_none")]
    minimum: Option<u32>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ForeignKeyJson {
    fields: &'static [&'static str],
    reference: Reference,
}

#[derive(Serialize)]
struct Reference {
    resource: &'static str,
    fields: &'static [&'static str],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Schema {
    fields: Vec<Field>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    primary_key: &'static [&'static str],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    foreign_keys: Vec<ForeignKeyJson>,
    missing_values: [&'static str; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Dialect {
    delimiter: &'static str,
    line_terminator: &'static str,
    quote_char: &'static str,
    double_quote: bool,
    header: bool,
}

#[derive(Serialize)]
struct Resource {
    name: &'static str,
    path: String,
    title: &'static str,
    description: &'static str,
    profile: &'static str,
    format: &'static str,
    mediatype: &'static str,
    /// UTF-8; the file starts with a byte-order mark, which readers of UTF-8 skip.
    encoding: &'static str,
    dialect: Dialect,
    schema: Schema,
}

/// Where the package came from, for people and scripts that want to check it.
#[derive(Serialize)]
struct Origin<'a> {
    village: &'a str,
    village_name: &'a str,
    period: &'a str,
    published_on: String,
    /// The period's data fingerprint, as on its page and (first 16 digits) its notice.
    fingerprint: &'a str,
    page: &'static str,
    notice: &'static str,
}

#[derive(Serialize)]
struct Source<'a> {
    title: &'a str,
}

#[derive(Serialize)]
struct Package<'a> {
    profile: &'static str,
    name: String,
    title: String,
    description: String,
    #[serde(skip_serializing_if = "str::is_empty")]
    homepage: &'a str,
    keywords: [&'static str; 4],
    sources: [Source<'a>; 1],
    sanshai: Origin<'a>,
    resources: Vec<&'static RawValue>,
}

fn field(c: &super::tables::Column) -> Field {
    let kind = match c.kind {
        Kind::Text => "string",
        Kind::Integer => "integer",
        Kind::Amount | Kind::Percent => "number",
        Kind::Date => "date",
    };
    let minimum = (c.kind == Kind::Integer).then_some(0);
    Field {
        name: c.name,
        kind,
        description: c.description,
        constraints: (c.required || !c.choices.is_empty() || minimum.is_some()).then_some(
            Constraints {
                required: c.required,
                choices: c.choices,
                minimum,
            },
        ),
    }
}

fn resource(t: &Table) -> Resource {
    Resource {
        name: t.name,
        path: t.file(),
        title: t.title,
        description: t.description,
        profile: "tabular-data-resource",
        format: "csv",
        mediatype: "text/csv",
        encoding: "utf-8",
        dialect: Dialect {
            delimiter: ",",
            line_terminator: "\r\n",
            quote_char: "\"",
            double_quote: true,
            header: true,
        },
        schema: Schema {
            fields: t.columns.iter().map(field).collect(),
            primary_key: t.primary_key,
            foreign_keys: t
                .foreign_keys
                .iter()
                .map(|k| ForeignKeyJson {
                    fields: k.fields,
                    reference: Reference {
                        resource: k.resource,
                        fields: k.reference,
                    },
                })
                .collect(),
            missing_values: [""],
        },
    }
}

/// The `resources` entry of each table of [`TABLES`] (same order), as the pretty JSON it takes
/// inside `datapackage.json`: it never depends on the period, so it is written once per run
/// instead of once per period (a county has thousands of packages). Every line but the first
/// is indented as deep as the entry sits in the package (two levels, four spaces).
fn resource_json() -> &'static [Box<RawValue>] {
    static JSON: OnceLock<Vec<Box<RawValue>>> = OnceLock::new();
    JSON.get_or_init(|| {
        TABLES
            .iter()
            .map(|t| {
                // Fixed descriptions made of text and flags: writing them cannot fail.
                let pretty = serde_json::to_string_pretty(&resource(t))
                    .expect("a table's description is JSON");
                RawValue::from_string(pretty.replace('\n', "\n    "))
                    .expect("pretty JSON stays JSON")
            })
            .collect()
    })
}

/// The tables the period has, in package order.
pub fn tables_of(r: &PeriodReport) -> impl Iterator<Item = &'static Table> + '_ {
    TABLES.iter().filter(|t| t.part.present(r))
}

/// Every file of the period's package, named relative to the package folder:
/// `datapackage.json` and one CSV per table.
pub fn package_files(
    r: &PeriodReport,
    publisher: &str,
    page_url: &str,
) -> Result<Vec<(String, Vec<u8>)>, String> {
    let mut files = Vec::new();
    let mut resources = Vec::new();
    for (t, json) in TABLES.iter().zip(resource_json()) {
        if t.part.present(r) {
            files.push((t.file(), csv_bytes(t, &(t.rows)(r))?));
            resources.push(&**json);
        }
    }
    let package = Package {
        profile: "tabular-data-package",
        name: format!("{}-{}", r.village_slug, r.period.slug),
        title: format!("{} {}「三晒」公开数据", r.village_name, r.period.label),
        description: format!(
            "{} {}（{}至{}）公开的账单、业绩和作风数字。金额单位：元，两位小数。",
            r.village_name, r.period.label, r.period.start, r.period.end
        ),
        homepage: page_url,
        keywords: ["三晒", "村务公开", "财务公开", "open data"],
        sources: [Source { title: publisher }],
        sanshai: Origin {
            village: &r.village_slug,
            village_name: &r.village_name,
            period: &r.period.slug,
            published_on: r.published_on.to_string(),
            fingerprint: &r.fingerprint,
            page: "../index.html",
            notice: "../print.html",
        },
        resources,
    };
    let mut json = serde_json::to_vec_pretty(&package).map_err(|e| e.to_string())?;
    json.push(b'\n');
    files.push(("datapackage.json".into(), json));
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Money;

    #[test]
    fn formulas_are_neutralised_and_other_text_kept() {
        assert_eq!(safe_text("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(safe_text("+86 123"), "'+86 123");
        assert_eq!(safe_text("-5"), "'-5");
        assert_eq!(safe_text("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(safe_text("  =1+1"), "'  =1+1");
        assert_eq!(safe_text("＝1+1"), "'＝1+1");
        assert_eq!(safe_text("\tx"), "'\tx");
        assert_eq!(safe_text("a\u{0}b\u{7}c"), "abc");
        assert_eq!(safe_text("修路 = 好事"), "修路 = 好事");
        assert_eq!(safe_text("第一行\n第二行"), "第一行\n第二行");
        assert_eq!(safe_text(""), "");
    }

    #[test]
    fn numbers_are_written_exactly() {
        assert_eq!(cell_text(&Cell::Money(Money(-120_05))), "-120.05");
        assert_eq!(cell_text(&Cell::Permille(957)), "95.7");
        assert_eq!(cell_text(&Cell::Permille(1000)), "100.0");
        assert_eq!(cell_text(&Cell::Integer(7)), "7");
    }

    #[test]
    fn csv_starts_with_a_bom_and_reads_back() {
        let t = TABLES.iter().find(|t| t.name == "claims").unwrap();
        let rows = vec![vec![
            Cell::Text("应收款".into()),
            Cell::Text("张某, \"老王\"".into()),
            Cell::Money(Money(123_456)),
            Cell::Text("=1+1\n第二行".into()),
        ]];
        let bytes = csv_bytes(t, &rows).unwrap();
        assert!(bytes.starts_with(BOM));
        let mut r = csv::Reader::from_reader(&bytes[BOM.len()..]);
        let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
        assert_eq!(header, ["类别", "单位或个人", "金额", "说明"]);
        let row: Vec<String> = r
            .records()
            .next()
            .unwrap()
            .unwrap()
            .iter()
            .map(String::from)
            .collect();
        assert_eq!(
            row,
            ["应收款", "张某, \"老王\"", "1234.56", "'=1+1\n第二行"]
        );
        let short = vec![vec![Cell::Text("应收款".into())]];
        assert!(csv_bytes(t, &short).is_err(), "a row of the wrong width");
    }
}
