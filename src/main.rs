//! The `sanshai` command line: `sanshai build` and `sanshai check`.

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
    },
    /// 只检查,不生成 (load and validate only)
    Check {
        #[arg(long, default_value = "content")]
        content: PathBuf,
    },
}

fn main() -> ExitCode {
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
                ErrorKind::InvalidSubcommand => "不认识的命令(只有 build 和 check)",
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
        Command::Check { content } => {
            let (_, diags) = build::check(&content);
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
        } => {
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
