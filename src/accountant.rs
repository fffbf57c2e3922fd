//! The accountant's commands besides `check` and `build`: `import`, `template`, `new village`,
//! `new period` and `schema`.
//!
//! They are defined here, as a clap subcommand group the command line flattens into its own,
//! so that `main.rs` only dispatches. Each prints its problems in Chinese, all at once, and
//! returns failure (exit code 1) when there is an error; nothing is written then.

use crate::diag::{Diagnostic, Severity};
use crate::import;
use crate::model::PeriodId;
use clap::Subcommand;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn period_arg(s: &str) -> Result<PeriodId, String> {
    PeriodId::parse(s).ok_or_else(|| format!("「{s}」不是期间,写成 年份-q季度,如 2025-q3"))
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// 从财务软件导出的序时账或收支明细表(.xlsx/.xls/.csv)生成一期的 accounts.yaml (import)
    Import {
        /// 导出的文件,如 序时账.xlsx
        file: PathBuf,
        /// 村文件夹名,如 dongshan
        #[arg(long)]
        village: String,
        /// 导入哪一期,如 2025-q3;表里只有一期时可以不写
        #[arg(long, value_parser = period_arg)]
        period: Option<PeriodId>,
        /// 导入规则文件(列名、科目对应等,见 docs/import.md);不写时按常见格式
        #[arg(long)]
        rules: Option<PathBuf>,
        #[arg(long, default_value = "content")]
        content: PathBuf,
        /// 只显示结果,不写文件
        #[arg(long)]
        dry_run: bool,
        /// 收支部分手工改过也覆盖(assets、special、review 照样保留)
        #[arg(long)]
        force: bool,
    },
    /// 生成空白的收支明细表(Excel),填好后用 sanshai import 导入 (template)
    Template {
        /// 写到哪个文件
        #[arg(long, default_value = "收支明细.xlsx")]
        output: PathBuf,
        /// 村文件夹名:下拉列表里列出本村的账户和干部
        #[arg(long)]
        village: Option<String>,
        #[arg(long, default_value = "content")]
        content: PathBuf,
        /// 文件已存在也覆盖
        #[arg(long)]
        force: bool,
    },
    /// 新建村或新的一期,写好带说明的空文件 (scaffold)
    New {
        #[command(subcommand)]
        what: New,
    },
    /// 生成编辑器用的 JSON Schema(VS Code 的 YAML 插件据此提示和检查) (schema)
    Schema {
        /// 写到哪个文件夹;默认是内容文件夹旁边的 schema/
        #[arg(long)]
        output: Option<PathBuf>,
        #[arg(long, default_value = "content")]
        content: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum New {
    /// 新建一个村: villages/<村>/village.yaml
    Village {
        /// 村文件夹名(拼音),如 dongshan
        slug: String,
        /// 村名,如 东山村
        #[arg(long)]
        name: String,
        #[arg(long, default_value = "content")]
        content: PathBuf,
        /// 文件已存在也覆盖
        #[arg(long)]
        force: bool,
    },
    /// 新建一期:期初接上期期末,没落实的民情接过来,二、四季度加晒作风
    Period {
        /// 村文件夹名,如 dongshan
        village: String,
        /// 期间,如 2025-q4
        #[arg(value_parser = period_arg)]
        period: PeriodId,
        #[arg(long, default_value = "content")]
        content: PathBuf,
        /// 文件已存在也覆盖
        #[arg(long)]
        force: bool,
    },
}

fn print(problems: &[Diagnostic]) {
    for p in problems {
        eprintln!("{p}");
    }
}

fn count(problems: &[Diagnostic], s: Severity) -> usize {
    problems.iter().filter(|p| p.severity == s).count()
}

/// Where `sanshai schema` writes by default: `schema/` beside the content folder.
pub fn schema_dir(content: &Path) -> PathBuf {
    let parent = content.parent().unwrap_or(Path::new(""));
    parent.join("schema")
}

/// Runs one of the accountant's commands.
pub fn run(cmd: Command) -> ExitCode {
    match cmd {
        Command::Import {
            file,
            village,
            period,
            rules,
            content,
            dry_run,
            force,
        } => {
            let out = import::run(&import::Request {
                content,
                input: file,
                rules,
                village,
                period,
                force,
            });
            print(&out.problems);
            for n in &out.notes {
                eprintln!("{n}");
            }
            let (errors, warnings) = (
                count(&out.problems, Severity::Error),
                count(&out.problems, Severity::Warning),
            );
            if errors > 0 {
                eprintln!("导入未完成: {errors} 个错误, {warnings} 个警告;没有写入任何文件");
                return ExitCode::FAILURE;
            }
            let Some(text) = &out.text else {
                return ExitCode::FAILURE;
            };
            if dry_run {
                print!("{text}");
                eprintln!("(--dry-run: 只显示,没有写入) {warnings} 个警告");
                return ExitCode::SUCCESS;
            }
            match import::write(&out) {
                Ok(path) => {
                    eprintln!(
                        "已写入 {}, {warnings} 个警告。下一步: sanshai check 检查,再请监督委员会审核后填写 review",
                        path.display()
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("错误: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Template {
            output,
            village,
            content,
            force,
        } => {
            if output.exists() && !force {
                eprintln!(
                    "错误: {} 已经存在,没有覆盖(确实要覆盖时加 --force)",
                    output.display()
                );
                return ExitCode::FAILURE;
            }
            let info = match &village {
                None => None,
                Some(slug) => match village_of(&content, slug) {
                    Ok(v) => Some(v),
                    Err(problems) => {
                        print(&problems);
                        return ExitCode::FAILURE;
                    }
                },
            };
            let bytes = match import::template::workbook(info.as_ref().map(|v| &v.info)) {
                Ok(b) => b,
                Err(e) => {
                    eprintln!("错误: {e}");
                    return ExitCode::FAILURE;
                }
            };
            if let Err(e) = std::fs::write(&output, bytes) {
                eprintln!("错误: {}: 无法写入: {e}", output.display());
                return ExitCode::FAILURE;
            }
            eprintln!(
                "已写入 {}。用 Excel 或 WPS 填好后运行: sanshai import {} --village 村文件夹名",
                output.display(),
                output.display()
            );
            ExitCode::SUCCESS
        }
        Command::Schema { output, content } => {
            let dir = output.unwrap_or_else(|| schema_dir(&content));
            match crate::schema::write_all(&dir) {
                Ok(paths) => {
                    eprintln!(
                        "已写入 {} 个 JSON Schema 到 {}/。用 sanshai new 生成的文件第一行已指向它们",
                        paths.len(),
                        dir.display()
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("错误: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::New { what } => new(what),
    }
}

/// The village `slug` as loaded from `content`, or the problems that prevent it.
fn village_of(content: &Path, slug: &str) -> Result<crate::model::Village, Vec<Diagnostic>> {
    let (town, diags) = crate::load::load(content);
    let village = town.and_then(|t| t.villages.into_iter().find(|v| v.slug == slug));
    village.ok_or_else(|| {
        let file = content.join("villages").join(slug).join("village.yaml");
        let shown = file.display().to_string();
        let mut own: Vec<Diagnostic> = diags
            .sorted()
            .into_iter()
            .filter(|d| d.file == shown || d.file.ends_with("site.yaml"))
            .collect();
        if own.is_empty() {
            own.push(import::cell::problem(
                Severity::Error,
                &shown,
                format!("找不到村「{slug}」,或它的 village.yaml 读不出来"),
                Some("先运行 sanshai check;新村用 sanshai new village 建立"),
            ));
        }
        own
    })
}

fn report_written(written: &[crate::scaffold::Written]) {
    for w in written {
        if w.kept {
            eprintln!("{}: 已经存在,没有改动(要重写加 --force)", w.path.display());
        } else {
            eprintln!("已写入 {}", w.path.display());
        }
    }
}

/// Writes the schemas beside the content folder when they are not there yet, so the
/// modelines of new files point at something.
fn ensure_schemas(content: &Path) {
    let dir = schema_dir(content);
    if !dir.join("accounts.schema.json").exists() && crate::schema::write_all(&dir).is_ok() {
        eprintln!("已写入编辑器用的 JSON Schema 到 {}/", dir.display());
    }
}

fn new(what: New) -> ExitCode {
    match what {
        New::Village {
            slug,
            name,
            content,
            force,
        } => match crate::scaffold::new_village(&content, &slug, &name, force) {
            Ok(written) => {
                report_written(&written);
                ensure_schemas(&content);
                eprintln!("下一步: 填好 village.yaml,运行 sanshai check,再用 sanshai new period {slug} 年份-q季度 建第一期");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("错误: {e}");
                ExitCode::FAILURE
            }
        },
        New::Period {
            village,
            period,
            content,
            force,
        } => {
            let v = match village_of(&content, &village) {
                Ok(v) => v,
                Err(problems) => {
                    print(&problems);
                    return ExitCode::FAILURE;
                }
            };
            match crate::scaffold::new_period(&content, &v, period, force) {
                Ok(written) => {
                    report_written(&written);
                    ensure_schemas(&content);
                    eprintln!("下一步: 导入或逐笔填写收支,运行 sanshai check,按提示把没填的补上");
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("错误: {e}");
                    ExitCode::FAILURE
                }
            }
        }
    }
}
