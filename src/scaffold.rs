//! `sanshai new village` and `sanshai new period`: commented files ready to fill in.
//!
//! A new quarter starts from the last one: the opening balances are its closing ones (so the
//! balance check has nothing to say until entries are added), requests not yet resolved are
//! listed with their ids (the ledger carries them by itself), 三资 are carried for review, conduct is only scaffolded
//! for the half-year quarters, and the village's cadres and supervisors are listed in comments
//! where their names are needed. What cannot be known (the review, the survey) is left as
//! commented examples, so `sanshai check` answers with "fill this in" messages only. Every file
//! starts with the modeline that points YAML editors at its schema.

use crate::import::yaml::{self, text};
use crate::model::{AccountsFile, PeriodId, Village, VillageFile};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// One file a scaffold wrote or left alone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    pub path: PathBuf,
    /// It existed and was kept (no `--force`).
    pub kept: bool,
}

fn write(path: &Path, content: &str, force: bool, out: &mut Vec<Written>) -> Result<(), String> {
    if path.exists() && !force {
        out.push(Written {
            path: path.to_path_buf(),
            kept: true,
        });
        return Ok(());
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("{}: 无法建立文件夹: {e}", dir.display()))?;
    }
    std::fs::write(path, content).map_err(|e| format!("{}: 无法写入: {e}", path.display()))?;
    out.push(Written {
        path: path.to_path_buf(),
        kept: false,
    });
    Ok(())
}

/// `village.yaml` for a new village called `name`.
pub fn village_text(name: &str) -> String {
    let mut o = yaml::modeline("../../../schema/village.schema.json");
    let _ = writeln!(o, "# {name} 基本情况(干部、监督委员会、账户、网格、接待日)");
    o.push_str(
        "# 按 docs/format.md 第 3.2 节填写,去掉示例行开头的「# 」;填好后运行 sanshai check。\n\n",
    );
    let _ = writeln!(o, "name: {}", text(name));
    o.push_str("# intro: 一句话简介,如 全村 5 个村民小组 412 户 1386 人,以毛竹、茶叶为主\n\n");
    o.push_str(
        "# 村干部:每人一项;后面各文件里的人名要和这里一字不差。\n\
         cadres: []\n\
         # cadres:\n\
         #   - name: 王建国\n\
         #     role: 村党支部书记、村委会主任\n\
         #     duties: 主持全面工作,分管财务审批\n\
         #     card_duty: 全面工作、财务审批\n\
         #     phone: \"0571-88886601\"\n\
         #   - name: 张志强\n\
         #     role: 村委会委员(报账员)\n\
         #     duties: 财务报账、集体资产管理\n\n\
         # 村务监督委员会 / 民主理财小组(不能由村干部兼任)\n\
         supervisors: []\n\
         # supervisors:\n\
         #   - name: 赵德福\n\
         #     role: 村务监督委员会主任\n\n\
         # 现金和银行账户:收支的 via 写这里的账户名\n\
         funds:\n\
         \x20 - name: 现金\n\
         \x20   kind: 现金\n\
         # - name: 农商行基本户\n\
         #   kind: 银行\n\
         #   bank: 示例县农村商业银行某某支行\n\
         #   number: \"6230 **** **** 5678\"\n\n\
         # 党员联户网格、接待日、包村领导(都可以不写)\n\
         # grid:\n\
         #   - name: 第一网格(东片)\n\
         #     leader: 王建国\n\
         #     households: 120\n\
         #     groups: [一组, 二组]\n\
         #     members:\n\
         #       - name: 吴国平\n\
         #         group: 一组\n\
         #         households: [1, 2, 3, 4, 5]   # 户号,不写姓名和住址\n\
         #         promise: 每两周至少上门一次\n\
         # 接待日、联系日、值班按规则写:每周三、每月第一个周五、逢三、六、九\n\
         # schedules:\n\
         #   - name: 村干部接待日\n\
         #     rule: 每周三\n\
         #     hours: \"09:00-12:00\"\n\
         #     place: 村党群服务中心一楼\n\
         #     people: [王建国]\n\
         # leaders:\n\
         #   - name: 徐静\n\
         #     role: 镇包村领导\n",
    );
    o
}

/// Writes `villages/<slug>/village.yaml`.
pub fn new_village(
    content: &Path,
    slug: &str,
    name: &str,
    force: bool,
) -> Result<Vec<Written>, String> {
    if !crate::load::valid_slug(slug) {
        return Err(format!(
            "村文件夹名「{slug}」不能用作网址:只用小写拼音字母、数字和连字符,如 dongshan"
        ));
    }
    let mut out = Vec::new();
    let path = content.join("villages").join(slug).join("village.yaml");
    write(&path, &village_text(name), force, &mut out)?;
    Ok(out)
}

/// `# 本村干部: 王建国(村党支部书记)、…` for the files that name cadres.
fn cadre_comment(info: &VillageFile, what: &str, period: PeriodId) -> String {
    let list: Vec<String> = info
        .cadres
        .iter()
        .filter(|c| c.serves_during(period.start(), period.end()))
        .map(|c| format!("{}({})", c.name, c.role))
        .collect();
    format!("# {what}写本村干部的名字: {}\n", list.join("、"))
}

/// The new period's `accounts.yaml`: opening = the previous closing, no entries yet.
pub fn accounts_text(v: &Village, period: PeriodId, previous_text: Option<&str>) -> String {
    let info = &v.info;
    let previous = v.periods.iter().rev().find(|p| p.id < period);
    let prev_acc = previous.and_then(|p| p.accounts.as_ref());
    let mut acc = AccountsFile::default();
    for f in &info.funds {
        let carried = prev_acc.and_then(|a| a.closing.get(&f.name).copied());
        if f.open_during(period.start(), period.end()) || carried.is_some_and(|m| !m.is_zero()) {
            acc.opening
                .insert(f.name.clone(), carried.unwrap_or_default());
        }
    }
    acc.closing = crate::calc::flows::fund_flows(&info.funds, &acc, period)
        .iter()
        .map(|f| (f.name.clone(), f.computed))
        .collect();
    let from = match (previous, prev_acc) {
        (Some(p), Some(_)) => format!("期初余额接{}的期末余额", p.id.label()),
        _ => "本村第一期:期初余额请照账本填写(现在写的是 0)".to_string(),
    };
    let header = vec![
        format!("{} {} 晒账单", info.name, period.label()),
        format!("由 sanshai new period 生成:{from},期末暂时等于期初。"),
        "收支可以逐笔写在 income、expenses、transfers 下(见 docs/format.md 第 3.3 节),".into(),
        "也可以用 sanshai import 从财务软件导出的序时账或收支明细表导入(见 docs/import.md)。"
            .into(),
        "手写收支后,再导入要加 --force 才会覆盖收支部分。".into(),
    ];
    let mut kept = String::from("\n");
    kept.push_str(&cadre_comment(
        info,
        "经手人 handler、审批人 approvers ",
        period,
    ));
    let assets = previous_text.and_then(|t| {
        yaml::blocks(t)
            .into_iter()
            .find(|b| b.key.as_deref() == Some("assets"))
    });
    if let Some(b) = assets {
        kept.push_str(
            "\n# 三资照上一期抄来:请核对本期的变化,合同的本期收取 received 要改成本期收到的。\n",
        );
        kept.push_str(b.text.trim_start_matches('\n'));
    }
    kept.push_str(&yaml::review_template(&info.supervisors, period));
    let order: Vec<String> = info.funds.iter().map(|f| f.name.clone()).collect();
    yaml::accounts_file(crate::import::ACCOUNTS_SCHEMA, &header, &acc, &order, &kept)
}

/// The new period's `performance.yaml`, with the requests not yet resolved carried over.
pub fn performance_text(v: &Village, period: PeriodId) -> String {
    let info = &v.info;
    let mut o = yaml::modeline("../../../../schema/performance.schema.json");
    let _ = writeln!(o, "# {} {} 晒业绩", info.name, period.label());
    o.push_str("# 按 docs/format.md 第 3.4 节填写,去掉示例行开头的「# 」。\n");
    o.push_str(&cadre_comment(
        info,
        "责任人 owner、承办人 handler ",
        period,
    ));
    o.push_str(
        "\n# 本季度做的工作:area 写 党务、村务、财务;status 写 已完成、进行中、未开始\n\
         work: []\n\
         # work:\n\
         #   - area: 村务\n\
         #     title: 工作名称\n\
         #     detail: 具体做了什么、效果如何\n\
         #     status: 已完成\n\
         #     owner: 干部姓名\n\n\
         # 下一步目标和责任清单\n\
         goals: []\n\
         # goals:\n\
         #   - goal: 目标\n\
         #     measure: 措施\n\
         #     owner: 干部姓名\n",
    );
    let _ = writeln!(o, "#     deadline: {}", period.end().format("%Y-%m-%d"));
    o.push_str("#     status: 进行中\n\n# 民情台账:群众反映的事;没有落实的从上一期接过来,办到哪一步改 status\n");
    // Requests still open carry into the new quarter by themselves (see `calc::ledger`):
    // they are listed, with their ids, for the updates the accountant will write.
    let ledgers = crate::calc::ledger::ledgers(v);
    let open: Vec<_> = ledgers
        .iter()
        .rev()
        .find(|l| l.period < period)
        .map(|l| {
            l.carried
                .iter()
                .chain(&l.new)
                .filter(|t| !t.resolved())
                .collect()
        })
        .unwrap_or_default();
    if !open.is_empty() {
        let _ = writeln!(
            o,
            "# 以下 {} 件以前受理、还没有落实,会自动转入本期;有进展时去掉「# 」,写上 id 和变了的 status、action:",
            open.len()
        );
        o.push_str("# requests:\n");
        for t in open {
            let _ = writeln!(
                o,
                "#   - id: {}   # {}({},{},承办: {})",
                text(&t.id),
                t.origin.summary,
                t.date.format("%Y-%m-%d"),
                t.status.label(),
                t.handler
            );
            let _ = writeln!(o, "#     status: {}", t.status.label());
        }
    }
    o.push_str("requests: []\n");
    o.push_str(
        "\n# 党员大会和村民代表会议评议后填写:\n\
         # evaluation:\n\
         #   score: 90\n\
         #   result: 合格\n",
    );
    let _ = writeln!(o, "#   by: {}党员大会和村民代表会议", info.name);
    let _ = writeln!(
        o,
        "#   date: {}",
        (period.end() + chrono::Days::new(10)).format("%Y-%m-%d")
    );
    o
}

/// The half year's `conduct.yaml`: every cadre as a commented block to fill in.
pub fn conduct_text(v: &Village, period: PeriodId) -> String {
    let info = &v.info;
    let mut o = yaml::modeline("../../../../schema/conduct.schema.json");
    let _ = writeln!(o, "# {} {} 晒作风", info.name, period.half_label());
    o.push_str(
        "# 按 docs/format.md 第 3.5 节填写:测评后写上测评日期,每名干部一项,去掉开头的「# 」。\n",
    );
    let _ = writeln!(
        o,
        "# survey_date: {}",
        (period.end() - chrono::Days::new(5)).format("%Y-%m-%d")
    );
    let _ = writeln!(o, "surveyed: {}党员和村民代表", text(&info.name));
    o.push_str("cadres: []\n# cadres:\n");
    for c in info.cadres.iter().filter(|c| c.serves_on(period.end())) {
        let _ = writeln!(o, "#   - name: {}   # {}", text(&c.name), c.role);
        o.push_str(
            "#     duty_report: 述职:本人履职情况\n\
             #     integrity: 廉洁自律情况\n\
             #     survey: {satisfied: 0, basic: 0, unsatisfied: 0, respondents: 0}\n\
             #     result: 称职\n",
        );
    }
    o
}

/// Writes the files of a new period of `village` (conduct only in Q2 and Q4).
pub fn new_period(
    content: &Path,
    village: &Village,
    period: PeriodId,
    force: bool,
) -> Result<Vec<Written>, String> {
    let dir = content
        .join("villages")
        .join(&village.slug)
        .join(period.slug());
    let mut out = Vec::new();
    let previous_text = village
        .periods
        .iter()
        .rev()
        .find(|p| p.id < period)
        .and_then(|p| {
            let file = content
                .join("villages")
                .join(&village.slug)
                .join(p.id.slug())
                .join("accounts.yaml");
            std::fs::read_to_string(file).ok()
        });
    write(
        &dir.join("accounts.yaml"),
        &accounts_text(village, period, previous_text.as_deref()),
        force,
        &mut out,
    )?;
    write(
        &dir.join("performance.yaml"),
        &performance_text(village, period),
        force,
        &mut out,
    )?;
    if period.is_half_year_end() {
        write(
            &dir.join("conduct.yaml"),
            &conduct_text(village, period),
            force,
            &mut out,
        )?;
    }
    Ok(out)
}
