//! Real books on the sample and on small cases: a refund booked as a reversal (冲销) nets its
//! account and is labelled on the page and the notice; money passed through for others
//! (代收代付) has its own section and stays out of income and expense but inside the fund
//! balances; a closed fund is no longer listed; and the hint for a bare negative amount leads
//! to a valid reversal in one step.

mod support;

use std::fs;
use support::*;

fn read(p: &std::path::Path) -> String {
    fs::read_to_string(p).unwrap()
}

#[test]
fn the_sample_shows_a_reversal_pass_through_money_and_a_closed_fund() {
    let (_tmp, out) = build_into(&root().join("content"));
    // 东山村 2025 Q4 reverses part of a Q3 expense.
    let page = read(&out.join("dongshan/2025-q4/index.html"));
    assert!(
        page.contains("冲销 2025年第三季度 记-007"),
        "reversal label on the page"
    );
    let notice = read(&out.join("dongshan/2025-q4/print.html"));
    assert!(
        notice.contains("冲销 2025年第三季度 记-007"),
        "reversal label on the notice"
    );
    // The 管理费用 total of the quarter is the YAML's expenses under it, the negative included.
    let acc = yaml(&root().join("content/villages/dongshan/2025-q4/accounts.yaml"));
    let admin: i64 = acc["expenses"]
        .as_sequence()
        .unwrap()
        .iter()
        .filter(|e| e["account"].as_str() == Some("管理费用"))
        .map(|e| amount(&e["amount"]).fen())
        .sum();
    let shown = sanshai::money::Money::from_fen(admin).yuan();
    assert!(page.contains(&shown), "管理费用 total {shown} on the page");
    // The fund closed at the end of Q4 is still listed that quarter, with its closing date
    // on the village page.
    assert!(page.contains("邮储一事一议专户"));
    assert!(read(&out.join("dongshan/index.html")).contains("2025年12月31日销户"));

    // 河西村 2025 Q4 collected power fees for households and paid them on.
    let page = read(&out.join("hexi/2025-q4/index.html"));
    assert!(page.contains("代收代付"));
    assert!(page.contains("期末仍代管"));
    assert!(page.contains("¥400.00"), "still held: 8,600.00 − 8,200.00");
    let acc = yaml(&root().join("content/villages/hexi/2025-q4/accounts.yaml"));
    let income: i64 = acc["income"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|e| amount(&e["amount"]).fen())
        .sum();
    let income = sanshai::money::Money::from_fen(income).yuan();
    assert!(
        page.contains(&format!(
            "本季度收入 <strong class=\"money\">{income}</strong>"
        )),
        "income {income} excludes the money passed through"
    );
    assert!(read(&out.join("hexi/2025-q4/print.html")).contains("代收代付"));
}

#[test]
fn the_hint_for_a_negative_expense_leads_to_a_valid_reversal_in_one_step() {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    copy_tree(&root().join("tests/fixtures/minimal"), &content);
    let file = content.join("villages/demo/2025-q3/accounts.yaml");
    let text = read(&file)
        // The refund is already in the cash balance: the books are right, only the entry's
        // form is not.
        .replace("  现金: 700.00", "  现金: 800.00")
        .replace(
            "review:",
            "  - date: 2025-09-20\n    voucher: 记-004\n    account: 管理费用\n    item: 办公费\n    summary: 打印纸退货退款\n    amount: -100\n    via: 现金\n    handler: 赵会计\nreview:",
        );
    fs::write(&file, &text).unwrap();
    let (_, diags) = sanshai::build::check(&content);
    let report = diags.report();
    assert_eq!(diags.error_count(), 1, "{report}");
    assert!(report.contains("reverses: 原凭证号"), "{report}");
    // The one step the hint names.
    fs::write(
        &file,
        text.replace(
            "    amount: -100\n",
            "    amount: -100\n    reverses: 记-002\n",
        ),
    )
    .unwrap();
    let (_, diags) = sanshai::build::check(&content);
    assert!(!diags.has_errors(), "{}", diags.report());
}

#[test]
fn a_balance_error_names_the_entry_that_explains_it() {
    let tmp = tempfile::tempdir().unwrap();
    let content = tmp.path().join("content");
    copy_tree(&root().join("tests/fixtures/minimal"), &content);
    let file = content.join("villages/demo/2025-q3/accounts.yaml");
    // The cash book forgot the ¥300.00 of 记-002: the closing is ¥300.00 too high.
    let text = read(&file).replace("  现金: 700.00", "  现金: 1000.00");
    fs::write(&file, &text).unwrap();
    let (_, diags) = sanshai::build::check(&content);
    let report = diags.report();
    assert!(
        report.contains("相差的数正好等于第 23 行支出 记-002 ¥300.00"),
        "{report}"
    );
    // The next quarter copies the wrong closing: its message says to fix this quarter first.
    let q4 = content.join("villages/demo/2025-q4");
    fs::create_dir_all(&q4).unwrap();
    fs::write(
        q4.join("accounts.yaml"),
        "opening:\n  现金: 700.00\n  基本户: 59000.00\nclosing:\n  现金: 700.00\n  基本户: 59000.00\nincome: []\nexpenses: []\nreview:\n  reviewed_by: [孙监督]\n  reviewed_on: 2026-01-05\n  posted_on: 2026-01-08\n  days: 15\n",
    )
    .unwrap();
    let (_, diags) = sanshai::build::check(&content);
    let report = diags.report();
    assert!(
        report.contains("上期(2025年第三季度)这个账户本身就对不上,先改好上期"),
        "{report}"
    );
}
