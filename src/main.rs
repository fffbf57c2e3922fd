//! The `sanshai` command line: `sanshai build` and `sanshai check`, `publish` and `correct`
//! (the register of publications, see `sanshai::publish`), and the accountant's
//! commands (`import`, `template`, `new`, `schema`) from `sanshai::accountant`.

use clap::{Parser, Subcommand};
use sanshai::build::{self, Options};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "sanshai",
    version,
    about = "三晒: 把村里的业绩、账单、作风公开做成网站和公开栏打印页"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// 检查并生成网站 (load, validate and write the site)
    Build {
        /// 内容文件夹 (content folder)
        #[arg(long, default_value = "content")]
        content: PathBuf,
        /// 输出文件夹 (output folder)
        #[arg(long, default_value = "public")]
        output: PathBuf,
        /// 网站地址,覆盖 site.yaml 的 base_url
        #[arg(long)]
        base_url: Option<String>,
        /// 主题文件夹,只放要改的文件 (laid over the built-in theme)
        #[arg(long)]
        theme: Option<PathBuf>,
        /// 允许撤下网站上已公开的村或期 (allow dropping published periods)
        #[arg(long)]
        allow_removal: bool,
        /// 生成前先登记还没登记的各期 (sanshai publish, then build)
        #[arg(long)]
        publish: bool,
    },
    /// 只检查,不生成 (load and validate only)
    Check {
        #[arg(long, default_value = "content")]
        content: PathBuf,
    },
    /// 登记公开:把还没登记的各期记入公开登记簿 published.yaml,锁定它们 (record publications)
    Publish {
        #[arg(long, default_value = "content")]
        content: PathBuf,
        /// 公开日期 YYYY-MM-DD;不写时用各期 review 里的张贴日期 posted_on
        #[arg(long)]
        date: Option<String>,
    },
    /// 登记更正:已公开的一期改过以后,记下更正原因和批准人 (record a correction)
    Correct {
        /// 村文件夹名,如 dongshan
        village: String,
        /// 季度文件夹名,如 2025-q2
        period: String,
        /// 更正原因
        #[arg(long)]
        reason: String,
        /// 批准人(谁批准了这次更正)
        #[arg(long)]
        approved_by: String,
        /// 更正日期 YYYY-MM-DD;不写时用今天
        #[arg(long)]
        date: Option<String>,
        #[arg(long, default_value = "content")]
        content: PathBuf,
    },
    /// 预览:生成到内存,在本机浏览器里看;保存文件后页面自动刷新,有错误时页面上列出 (live preview)
    Serve {
        #[arg(long, default_value = "content")]
        content: PathBuf,
        /// 主题文件夹,只放要改的文件 (laid over the built-in theme)
        #[arg(long)]
        theme: Option<PathBuf>,
        /// 端口;不写时用 8000,被占用就另选一个
        #[arg(long)]
        port: Option<u16>,
        /// 打开默认浏览器
        #[arg(long)]
        open: bool,
        /// 监听地址;默认只有本机能看 (127.0.0.1),写 0.0.0.0 则同一网络的电脑都能看
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
    },
    /// 导入、表格模板、新建村和期、编辑器提示 (import, template, new, schema)
    #[command(flatten)]
    Accountant(sanshai::accountant::Command),
}

fn main() -> ExitCode {
    keep_freed_memory();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            use clap::error::ErrorKind;
            if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
                let _ = e.print();
                return ExitCode::SUCCESS;
            }
            if e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
                let _ = e.print();
                eprintln!("错误: 缺少命令,请写 sanshai build 或 sanshai check");
                return ExitCode::FAILURE;
            }
            let what = match e.kind() {
                ErrorKind::UnknownArgument => "不认识的参数",
                ErrorKind::InvalidSubcommand => "不认识的命令(见 sanshai --help)",
                ErrorKind::MissingSubcommand => "缺少命令(build 或 check)",
                ErrorKind::InvalidValue | ErrorKind::ValueValidation => "参数的值不对",
                ErrorKind::MissingRequiredArgument => "缺少必需的参数",
                _ => "命令行写得不对",
            };
            eprintln!("错误: {what}。用法见 sanshai --help\n{}", e.render());
            return ExitCode::FAILURE;
        }
    };
    match cli.command {
        Command::Accountant(cmd) => sanshai::accountant::run(cmd),
        Command::Serve {
            content,
            theme,
            port,
            open,
            bind,
        } => {
            let opts = sanshai::serve::Options {
                content,
                theme,
                port,
                bind,
                verbose: true,
            };
            match sanshai::serve::run(&opts, open) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("错误: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Publish { content, date } => match parse_date_arg(date.as_deref()) {
            Ok(date) => report_outcome(sanshai::publish::publish(&content, date)),
            Err(code) => code,
        },
        Command::Correct {
            village,
            period,
            reason,
            approved_by,
            date,
            content,
        } => match parse_date_arg(date.as_deref()) {
            Ok(date) => report_outcome(sanshai::publish::correct(
                &content,
                &sanshai::publish::Correction {
                    village,
                    period,
                    reason,
                    approved_by,
                    date,
                },
            )),
            Err(code) => code,
        },
        Command::Check { content } => {
            let diags = if sanshai::county::is_county(&content) {
                sanshai::county::check(&content)
            } else {
                build::check(&content).1
            };
            eprint!("{}", diags.report());
            if diags.has_errors() {
                eprintln!(
                    "检查未通过: {} 个错误, {} 个警告",
                    diags.error_count(),
                    diags.warning_count()
                );
                ExitCode::FAILURE
            } else {
                eprintln!("检查通过: 0 个错误, {} 个警告", diags.warning_count());
                ExitCode::SUCCESS
            }
        }
        Command::Build {
            content,
            output,
            base_url,
            theme,
            allow_removal,
            publish,
        } => {
            if publish
                && report_outcome(sanshai::publish::publish(&content, None)) != ExitCode::SUCCESS
            {
                return ExitCode::FAILURE;
            }
            let opts = Options {
                content,
                output: output.clone(),
                base_url,
                theme,
                allow_removal,
            };
            match build::build(&opts) {
                Ok(report) => {
                    eprint!("{}", report.warnings.report());
                    eprintln!(
                        "已生成 {} 个页面 ({} 个文件) 到 {}/, {} 个警告。用浏览器打开 {}/index.html 查看",
                        report.pages,
                        report.files,
                        output.display(),
                        report.warnings.warning_count(),
                        output.display()
                    );
                    ExitCode::SUCCESS
                }
                Err(diags) => {
                    eprint!("{}", diags.report());
                    eprintln!(
                        "生成失败: {} 个错误, {} 个警告;原来的网站没有改动",
                        diags.error_count(),
                        diags.warning_count()
                    );
                    ExitCode::FAILURE
                }
            }
        }
    }
}

/// `--date`: a date as the content files write it.
fn parse_date_arg(date: Option<&str>) -> Result<Option<chrono::NaiveDate>, ExitCode> {
    match date.map(sanshai::model::parse_date) {
        None => Ok(None),
        Some(Ok(d)) => Ok(Some(d)),
        Some(Err(e)) => {
            eprintln!("错误: --date {e}");
            Err(ExitCode::FAILURE)
        }
    }
}

/// Prints what `publish` or `correct` recorded, or why it recorded nothing.
fn report_outcome(
    result: Result<sanshai::publish::Outcome, sanshai::diag::Diagnostics>,
) -> ExitCode {
    match result {
        Ok(o) => {
            eprint!("{}", o.warnings.report());
            for line in &o.lines {
                eprintln!("已登记: {line}");
            }
            if o.lines.is_empty() {
                eprintln!("没有要登记的:各期都已登记。");
            } else {
                eprintln!(
                    "公开登记簿现在共 {} 条记录,最新编号 {}。请把 published.yaml 和 published/ 文件夹和账目一起保存(提交)。",
                    o.count,
                    &o.head[..16.min(o.head.len())]
                );
            }
            ExitCode::SUCCESS
        }
        Err(diags) => {
            eprint!("{}", diags.report());
            eprintln!(
                "没有登记: {} 个错误, {} 个警告;登记簿没有改动",
                diags.error_count(),
                diags.warning_count()
            );
            ExitCode::FAILURE
        }
    }
}

/// mimalloc instead of the system allocator: a build makes and frees millions of small values
/// (YAML nodes, template values); measured on the county benchmark (see README).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` in mimalloc.h (version 3, as built by libmimalloc-sys 0.1.49, which
/// does not name it).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Tells mimalloc to keep memory it got from the system instead of handing it back a second
/// after it is freed. A build frees and makes again pages' worth of values all the time; handed
/// back, each fresh 2 MiB (transparent huge) page is zeroed again by the kernel on first touch,
/// which cost 15 % of a county build's CPU. Kept, the county benchmark's full build takes about
/// a second less on two cores for 10–15 % more peak memory (see README).
fn keep_freed_memory() {
    // SAFETY: sets one integer option; -1 is mimalloc's documented "never purge".
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) };
}
