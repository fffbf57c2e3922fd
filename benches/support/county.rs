//! The benchmarks' county: a deterministic generator of a content folder the size of a real
//! county platform, so that build, check and rebuild times are measured on the workload the
//! town-level site must handle (hundreds of villages, four quarters, 100 entries a quarter).
//!
//! Each village is made from one of the sample's villages (its village.yaml, performance,
//! conduct and notes files, so cadres, requests and surveys are real-looking and agree with
//! each other); its books are generated: `entries` entries a quarter over the sample's two or
//! three funds, each quarter opening where the last one closed, cash kept under the limit,
//! large amounts signed by three cadres. The result passes `sanshai check` with no error.
//!
//! With `towns == 0` the folder is a single town (`site.yaml` + `villages/`); otherwise a
//! county (`county.yaml` + `towns/<town>/{site.yaml,villages/}`) with the villages dealt out
//! to the towns in turn. The same arguments always write the same bytes.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;

/// What to generate.
#[derive(Clone, Copy, Debug)]
pub struct Shape {
    pub villages: usize,
    /// Entries (income and expenses together) a quarter.
    pub entries: usize,
    /// 0: one town as today; otherwise the number of towns of a county.
    pub towns: usize,
}

/// A sample village the generated ones copy: its folder, its funds and the cadres who sign.
struct Template {
    slug: &'static str,
    funds: &'static [&'static str],
    handler: &'static str,
    approvers: [&'static str; 3],
}

const TEMPLATES: [Template; 2] = [
    Template {
        slug: "hexi",
        funds: &["现金", "农商行基本户", "农行征地补偿专户"],
        handler: "徐丽",
        approvers: ["张卫东", "杨红梅", "黄志刚"],
    },
    Template {
        slug: "qinglong",
        funds: &["现金", "农商行基本户"],
        handler: "宋海波",
        approvers: ["林振华", "郭建平", "谢春燕"],
    },
];

const QUARTERS: [(&str, u32, u32); 4] = [
    ("2025-q1", 1, 90),
    ("2025-q2", 4, 91),
    ("2025-q3", 7, 92),
    ("2025-q4", 10, 92),
];

const INCOME: [(&str, &str, &str); 4] = [
    ("经营收入", "厂房租金", "收厂房租金"),
    (
        "补助收入",
        "村级组织运转经费",
        "收到镇财政所拨付村级组织运转经费",
    ),
    ("经营收入", "场地租金", "收文化广场摊位费"),
    ("投资收益", "合作社分红", "收村股份经济合作社入股分红"),
];

const EXPENSES: [(&str, &str, &str); 5] = [
    ("管理费用", "水电费", "村党群服务中心电费"),
    ("管理费用", "办公费", "购买办公用品（打印纸、墨盒）"),
    ("公益支出", "环境整治", "支付生活垃圾清运费"),
    ("公益支出", "道路维护", "村组道路坑槽修补材料费"),
    ("经营支出", "厂房维修", "标准厂房屋面防水维修"),
];

/// A small deterministic generator (64-bit LCG), so the county is the same on every machine.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % below.max(1)
    }
}

fn yuan(fen: i64) -> String {
    format!("{}.{:02}", fen / 100, fen % 100)
}

/// Month and day of day `n` (0-based) of a quarter starting in `month` of 2025.
fn date_of(month: u32, n: u32) -> (u32, u32) {
    const DAYS: [u32; 12] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    let (mut m, mut d) = (month, n);
    while d >= DAYS[(m - 1) as usize] {
        d -= DAYS[(m - 1) as usize];
        m += 1;
    }
    (m, d + 1)
}

/// The sample's `accounts.yaml` from its 三资 section on, without special notices and
/// pass-through payments (which name entries of the sample's own books).
fn tail_of(sample: &str) -> String {
    let start = sample
        .find("\n# 四、")
        .or_else(|| sample.find("\nassets:"))
        .expect("sample accounts have assets");
    let mut out = String::new();
    let mut skipping = false;
    for line in sample[start + 1..].lines() {
        let top = !line.starts_with(' ') && !line.starts_with('#') && !line.is_empty();
        if top {
            skipping = line.starts_with("special:") || line.starts_with("pass_through:");
        }
        if !skipping {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// One quarter's books: `entries` entries; `balances` (in fen) carried from the last quarter.
fn accounts(
    t: &Template,
    q: (&str, u32, u32),
    entries: usize,
    balances: &mut [i64],
    rng: &mut Lcg,
    tail: &str,
) -> String {
    let opening = balances.to_vec();
    let mut body = String::new();
    let mut income = String::from("income:\n");
    let mut expenses = String::from("expenses:\n");
    let (mut n_in, mut n_out) = (0, 0);
    for k in 0..entries {
        let day = (k as u64 * u64::from(q.2) / entries.max(1) as u64) as u32;
        let (m, d) = date_of(q.1, day);
        let is_income = k % 2 == 0;
        // Cash for small amounts, a bank account otherwise; cash stays within 0..=5000 yuan.
        let small = rng.next(3) == 0;
        let mut fund = if small {
            0
        } else {
            1 + rng.next(t.funds.len() as u64 - 1) as usize
        };
        let mut fen = if small {
            5_000 + rng.next(80_000) as i64
        } else {
            100_000 + rng.next(if is_income { 5_000_000 } else { 4_000_000 }) as i64
        };
        if fund == 0
            && (is_income && balances[0] + fen > 500_000 || !is_income && fen > balances[0])
        {
            fund = 1;
        }
        if !is_income && fen > balances[fund] {
            // Pay from the richest bank account, at most half of what it holds.
            fund = (1..balances.len())
                .max_by_key(|&f| balances[f])
                .unwrap_or(1);
            fen = fen.min(balances[fund] / 2).max(1);
        }
        let approvers = if fen >= 100_000 { 3 } else { 1 };
        let mut e = String::new();
        let _ = writeln!(e, "  - date: 2025-{m:02}-{d:02}");
        let _ = writeln!(e, "    voucher: 记-{:03}", k + 1);
        let (account, item, summary) = if is_income {
            INCOME[rng.next(INCOME.len() as u64) as usize]
        } else {
            EXPENSES[rng.next(EXPENSES.len() as u64) as usize]
        };
        let _ = writeln!(e, "    account: {account}");
        let _ = writeln!(e, "    item: {item}");
        let _ = writeln!(e, "    summary: {summary}（第{}笔）", k + 1);
        let _ = writeln!(e, "    amount: {}", yuan(fen));
        let _ = writeln!(e, "    via: {}", t.funds[fund]);
        if !is_income {
            let _ = writeln!(e, "    source: 集体自有资金");
        }
        let _ = writeln!(e, "    handler: {}", t.handler);
        let _ = writeln!(e, "    approvers:");
        for a in &t.approvers[..approvers] {
            let _ = writeln!(e, "      - {a}");
        }
        if is_income {
            balances[fund] += fen;
            n_in += 1;
            income.push_str(&e);
        } else {
            balances[fund] -= fen;
            n_out += 1;
            expenses.push_str(&e);
        }
    }
    let _ = writeln!(
        body,
        "# 生成的示例账目：{} {n_in} 笔收入、{n_out} 笔支出",
        q.0
    );
    for (key, values) in [("opening", &opening[..]), ("closing", &balances[..])] {
        let _ = writeln!(body, "{key}:");
        for (f, v) in t.funds.iter().zip(values) {
            let _ = writeln!(body, "  {f}: {}", yuan(*v));
        }
    }
    if n_in == 0 {
        income = "income: []\n".into();
    }
    if n_out == 0 {
        expenses = "expenses: []\n".into();
    }
    body.push_str(&income);
    body.push_str(&expenses);
    body.push_str(tail);
    body
}

/// One village: the template's files copied, its books generated.
fn village(sample: &Path, dir: &Path, i: usize, entries: usize) {
    let t = &TEMPLATES[i % TEMPLATES.len()];
    let from = sample.join("villages").join(t.slug);
    fs::create_dir_all(dir).unwrap();
    fs::copy(from.join("village.yaml"), dir.join("village.yaml")).unwrap();
    let mut rng = Lcg(i as u64 + 1);
    let mut balances: Vec<i64> = t
        .funds
        .iter()
        .enumerate()
        .map(|(f, _)| {
            if f == 0 {
                150_000
            } else {
                50_000_000 + rng.next(50_000_000) as i64
            }
        })
        .collect();
    for q in QUARTERS {
        let (src, dst) = (from.join(q.0), dir.join(q.0));
        fs::create_dir_all(&dst).unwrap();
        for name in ["performance.yaml", "conduct.yaml", "notes.md"] {
            if src.join(name).exists() {
                fs::copy(src.join(name), dst.join(name)).unwrap();
            }
        }
        let sample_books = fs::read_to_string(src.join("accounts.yaml")).unwrap();
        let text = accounts(
            t,
            q,
            entries,
            &mut balances,
            &mut rng,
            &tail_of(&sample_books),
        );
        fs::write(dst.join("accounts.yaml"), text).unwrap();
    }
}

/// Town `t`'s `site.yaml`: the sample's, with the town's own name.
fn site_yaml(sample: &str, t: usize) -> String {
    sample
        .replace("town: 示例镇", &format!("town: 示例{}镇", t + 1))
        .replace(
            "title: 示例镇「三晒」公开",
            &format!("title: 示例{}镇「三晒」公开", t + 1),
        )
}

/// Writes the content folder of `shape` into `dir` (which should not exist yet).
pub fn county(dir: &Path, shape: Shape) {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let site = fs::read_to_string(sample.join("site.yaml")).unwrap();
    if shape.towns == 0 {
        fs::create_dir_all(dir.join("villages")).unwrap();
        fs::write(dir.join("site.yaml"), &site).unwrap();
        for i in 0..shape.villages {
            let slug = TEMPLATES[i % TEMPLATES.len()].slug;
            let v = dir.join("villages").join(format!("{slug}-{i:04}"));
            village(&sample, &v, i, shape.entries);
        }
        return;
    }
    let county = "# 生成的示例县\nname: 示例县\ntitle: 示例县「三晒」公开\npublisher: 中共示例县委组织部\nbase_url: \"https://sanshai.example.cn/\"\n";
    for t in 0..shape.towns {
        let town = dir.join("towns").join(format!("town-{t:03}"));
        fs::create_dir_all(town.join("villages")).unwrap();
        fs::write(town.join("site.yaml"), site_yaml(&site, t)).unwrap();
    }
    fs::write(dir.join("county.yaml"), county).unwrap();
    for i in 0..shape.villages {
        let t = i % shape.towns;
        let slug = TEMPLATES[i % TEMPLATES.len()].slug;
        let v = dir
            .join("towns")
            .join(format!("town-{t:03}"))
            .join("villages")
            .join(format!("{slug}-{i:04}"));
        village(&sample, &v, i, shape.entries);
    }
}

/// Changes one amount of one village (the first income of its last quarter, and that
/// quarter's closing, so no later opening changes), the "one edit" of the rebuild benchmark;
/// returns the file changed.
pub fn edit_one_amount(dir: &Path) -> std::path::PathBuf {
    let first = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .find(|e| e.file_name() == "village.yaml")
        .expect("a generated county has villages")
        .into_path();
    let file = first.with_file_name(QUARTERS[3].0).join("accounts.yaml");
    let text = fs::read_to_string(&file).unwrap();
    fs::write(&file, bump_first_income(&text)).unwrap();
    file
}

/// Adds one fen to the first income and to the closing balance of its fund, so the books
/// still balance.
fn bump_first_income(text: &str) -> String {
    let start = text.find("\nincome:\n").unwrap();
    let amount_at = start + text[start..].find("    amount: ").unwrap() + 12;
    let amount_end = amount_at + text[amount_at..].find('\n').unwrap();
    let via_at = amount_end + text[amount_end..].find("    via: ").unwrap() + 9;
    let fund = &text[via_at..via_at + text[via_at..].find('\n').unwrap()];
    let plus_fen = |s: &str| {
        let (y, f) = s.trim().split_once('.').unwrap();
        let fen = y.parse::<i64>().unwrap() * 100 + f.parse::<i64>().unwrap() + 1;
        yuan(fen)
    };
    let mut out = String::new();
    out.push_str(&text[..amount_at]);
    out.push_str(&plus_fen(&text[amount_at..amount_end]));
    out.push_str(&text[amount_end..]);
    let closing = out.find("\nclosing:\n").unwrap();
    let key = format!("\n  {fund}: ");
    let at = closing + out[closing..].find(&key).unwrap() + key.len();
    let end = at + out[at..].find('\n').unwrap();
    let new = plus_fen(&out[at..end]);
    out.replace_range(at..end, &new);
    out
}

/// A number from the environment, or `default`.
pub fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The number of villages: `SANSHAI_BENCH_VILLAGES`, or `default`.
pub fn villages(default: usize) -> usize {
    env_or("SANSHAI_BENCH_VILLAGES", default)
}
