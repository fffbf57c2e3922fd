//! 名词解释: the accounting words a disclosure page uses, each with one plain sentence.
//!
//! A villager reading 「凭证号 记-001」 or 「累计折旧」 should not need an accountant beside
//! them. Every page that shows one of these words glosses it where it first appears (the
//! templates place [`Gloss`] texts next to the word) and the period page lists every term it
//! used in a 名词解释 section. The words are fixed by the accounting rules for village
//! collectives (村集体经济组织会计制度), so the list lives here, in one place, and the
//! account names of `model::account_chart` each have an entry (a test keeps them in step).

use serde::Serialize;

/// One term and its plain explanation.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
pub struct Term {
    /// The anchor of the term in the 名词解释 section (`#ci-<key>`), ASCII.
    pub key: &'static str,
    /// The word as the page prints it.
    pub word: &'static str,
    /// One plain sentence, without the word itself at the start.
    pub plain: &'static str,
}

const fn t(key: &'static str, word: &'static str, plain: &'static str) -> Term {
    Term { key, word, plain }
}

/// Words of the page itself, in the order a reader meets them on a period page.
pub const PAGE_TERMS: &[Term] = &[
    t("qichu", "期初 / 期末", "一个季度开始那天和结束那天账户里有多少钱。"),
    t("zhuanru", "转入 / 转出", "村里自己的两个账户之间挪钱（比如从银行取备用现金），不算收入也不算支出。"),
    t("daishou", "代收 / 代付", "替别人收下、再原样付出去的钱（比如征地补偿款分给农户），不算村里的收入和支出。"),
    t("kemu", "科目", "钱的分类，会计按国家规定的名称记账，比如「管理费用」「公益支出」。"),
    t("mingxi", "明细", "科目下面更细的用途，比如管理费用里的「办公费」。"),
    t("leiji", "本年累计", "从今年 1 月 1 日到本季度末加起来的数。"),
    t("pingzheng", "凭证号", "会计记账单据的编号，「记-001」就是本年第 1 张记账凭证；凭这个编号能在账本里找到原始发票和收据。"),
    t("zhaiyao", "摘要", "这笔钱是做什么用的，一句话说明。"),
    t("jingshou", "经手人", "具体办这笔钱的人。"),
    t("shenpi", "审批人", "同意花这笔钱、在单据上签字的人。"),
    t("chongxiao", "冲销", "前面记错的一笔，用一笔金额相同的反向记录抵消掉，原来那笔仍然留在账上，看得见。"),
    t("sanzi", "三资", "村集体的资金、资产和资源。"),
    t("yuanzhi", "原值", "固定资产买来或建成时花的钱。"),
    t("zhejiu", "累计折旧", "固定资产用旧了、按年头算掉的价值，加起来的数。"),
    t("jingzhi", "净值", "原值减去累计折旧，就是这项资产现在还值多少账面钱。"),
    t("yingshou", "应收款", "别人欠村里、还没收回来的钱。"),
    t("yingfu", "应付款", "村里欠别人、还没付出去的钱。"),
    t("fabao", "发包", "把村集体的土地、水面、房屋等包给别人经营，按合同收承包费或租金。"),
    t("yishiyiyi", "一事一议", "修路、修水渠这类村里的公益事，由村民开会商量定下来、村民出钱出工办，政府再给奖励补助。"),
    t("daxie", "大写", "金额用「壹贰叁」这样的大写汉字写，不容易被涂改。"),
    t("luoshilv", "落实率", "群众反映的事里已经办好的占多少：落实件数 ÷ 受理件数。"),
    t("manyilv", "满意率", "参加测评的人里，选「满意」和「基本满意」的占多少。"),
    t("zhiwen", "数据指纹", "由本期全部数据算出的一串字符，数据改动一个字它就会变；纸质版和网页版的指纹开头一样，说明两边是同一份数据。"),
];

/// The account names of the chart of accounts (`model::account_chart`'s income and expense accounts).
pub const ACCOUNT_TERMS: &[Term] = &[
    t(
        "jingyingshouru",
        "经营收入",
        "村集体自己经营（比如出租厂房、卖茶叶）得到的收入。",
    ),
    t(
        "touzishouyi",
        "投资收益",
        "村集体把钱投到合作社、企业等，分回来的钱。",
    ),
    t(
        "buzhushouru",
        "补助收入",
        "上级政府拨给村里的钱，比如村级组织运转经费。",
    ),
    t(
        "qitashouru",
        "其他收入",
        "不属于上面几类的收入，比如银行利息、捐款。",
    ),
    t(
        "fabaoshouru",
        "发包及上交收入",
        "土地、水面等包给别人经营收来的承包费，以及下属单位上交的钱。",
    ),
    t(
        "fanhuanshouru",
        "农业税附加返还收入",
        "以前交的农业税附加，按政策返还给村里的钱。",
    ),
    t(
        "jingyingzhichu",
        "经营支出",
        "村集体经营花的成本，比如买茶苗、付工钱。",
    ),
    t("shuijin", "税金及附加", "村集体经营要交的税。"),
    t(
        "guanlifeiyong",
        "管理费用",
        "村两委办公、开会、干部报酬等日常运转花的钱，群众最关心，重点公开。",
    ),
    t(
        "gongyizhichu",
        "公益支出",
        "修路、路灯、饮水、环境整治等给全村办事花的钱。",
    ),
    t("qitazhichu", "其他支出", "不属于上面几类的支出。"),
    t("suodeshui", "所得税费用", "村集体经营赚了钱要交的所得税。"),
];

/// The plain sentence of an account name, if the chart of accounts knows it.
pub fn account_gloss(account: &str) -> Option<&'static str> {
    ACCOUNT_TERMS
        .iter()
        .find(|t| t.word == account)
        .map(|t| t.plain)
}

/// Every page term by key, for templates that place a gloss next to its word
/// (`terms.pingzheng.plain`).
pub fn page_terms() -> std::collections::BTreeMap<&'static str, Term> {
    PAGE_TERMS.iter().map(|t| (t.key, *t)).collect()
}

/// The 名词解释 list of a period page: the page's own words, then the account names the
/// period used, in chart order.
pub fn period_glossary<'a>(accounts: impl IntoIterator<Item = &'a str>) -> Vec<Term> {
    let used: Vec<&str> = accounts.into_iter().collect();
    PAGE_TERMS
        .iter()
        .copied()
        .chain(
            ACCOUNT_TERMS
                .iter()
                .filter(|t| used.contains(&t.word))
                .copied(),
        )
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::account_chart::{EXPENSE_ACCOUNTS, INCOME_ACCOUNTS};

    #[test]
    fn every_standard_account_has_a_plain_sentence() {
        for a in INCOME_ACCOUNTS.iter().chain(EXPENSE_ACCOUNTS) {
            assert!(account_gloss(a).is_some(), "{a} 没有解释");
        }
        assert_eq!(
            ACCOUNT_TERMS.len(),
            INCOME_ACCOUNTS.len() + EXPENSE_ACCOUNTS.len()
        );
    }

    #[test]
    fn keys_are_unique_ascii_and_sentences_end_with_a_full_stop() {
        let all: Vec<&Term> = PAGE_TERMS.iter().chain(ACCOUNT_TERMS).collect();
        for (i, t) in all.iter().enumerate() {
            assert!(t.key.bytes().all(|b| b.is_ascii_lowercase()), "{}", t.key);
            assert!(all[..i].iter().all(|u| u.key != t.key), "{} twice", t.key);
            assert!(t.plain.ends_with('。'), "{}", t.word);
        }
    }

    #[test]
    fn a_period_lists_only_the_accounts_it_used() {
        let g = period_glossary(["管理费用", "不存在的科目"]);
        assert_eq!(g.len(), PAGE_TERMS.len() + 1);
        assert_eq!(g.last().map(|t| t.word), Some("管理费用"));
    }
}
