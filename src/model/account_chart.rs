//! The chart of accounts (农村集体经济组织会计制度, 财会〔2023〕14号), with the two income
//! accounts that books still kept under the 2004 system add. Entries must use these names.

/// Income accounts (收入类科目).
pub const INCOME_ACCOUNTS: &[&str] = &[
    "经营收入",
    "投资收益",
    "补助收入",
    "其他收入",
    // 2004 system, still in many villages' books.
    "发包及上交收入",
    "农业税附加返还收入",
];

/// Expense accounts (支出类科目).
pub const EXPENSE_ACCOUNTS: &[&str] = &[
    "经营支出",
    "税金及附加",
    "管理费用",
    "公益支出",
    "其他支出",
    "所得税费用",
];

/// Accounts that DOMAIN.md says must not swallow items: entries there need a sub-item.
pub const CATCH_ALL_ACCOUNTS: &[&str] = &["其他收入", "其他支出"];

/// Accounts a notice highlights (管理费用 and welfare-type spending).
pub const HIGHLIGHT_ACCOUNTS: &[&str] = &["管理费用"];

/// Sub-items people often write as if they were accounts, with the account they belong to.
const ITEM_HOMES: &[(&str, &str)] = &[
    ("干部报酬", "管理费用"),
    ("办公", "管理费用"),
    ("水电", "管理费用"),
    ("报刊", "管理费用"),
    ("差旅", "管理费用"),
    ("公益事业", "公益支出"),
    ("道路", "公益支出"),
    ("路灯", "公益支出"),
    ("饮水", "公益支出"),
    ("环境整治", "公益支出"),
    ("统一经营", "经营支出"),
    ("租金", "经营收入"),
    ("承包费", "发包及上交收入"),
    ("运转经费", "补助收入"),
    ("利息", "其他收入"),
];

/// The account a mistaken account name most likely belongs under, when it looks like a
/// sub-item (e.g. 办公费 → 管理费用).
pub fn home_of(name: &str) -> Option<&'static str> {
    ITEM_HOMES
        .iter()
        .find(|(k, _)| name.contains(k))
        .map(|(_, home)| *home)
}

/// Position of an account in the chart, for a stable display order.
pub fn order(account: &str) -> usize {
    INCOME_ACCOUNTS
        .iter()
        .chain(EXPENSE_ACCOUNTS)
        .position(|a| *a == account)
        .unwrap_or(usize::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sub_items_point_to_their_account() {
        assert_eq!(home_of("办公费"), Some("管理费用"));
        assert_eq!(home_of("路灯维修"), Some("公益支出"));
        assert_eq!(home_of("招待费"), None);
        assert!(order("经营收入") < order("管理费用"));
        assert_eq!(order("不存在"), usize::MAX);
    }
}
