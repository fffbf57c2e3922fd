//! The contact system of `village.yaml` and `site.yaml`: schedules written as the rules an
//! accountant says aloud (每周三, 每月第一个周五, 逢三、六、九) with who is on duty and where,
//! the holidays they skip, and the grid's contact Party members with their households and
//! service promises.
//!
//! A rule is parsed when the file is read, so a rule the program cannot follow is reported at
//! its own line with the forms it understands, and nothing later has to guess.

use super::{de_date, de_text};
use chrono::{NaiveDate, Weekday};
use serde::de::{Deserializer, Error as _, MapAccess, Visitor};
use serde::Deserialize;
use std::fmt;

/// A day the schedules skip (法定节假日 and local days off).
#[derive(Debug, Clone, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Holiday {
    #[serde(deserialize_with = "de_date")]
    pub date: NaiveDate,
    /// e.g. 元旦, 春节.
    #[serde(default, deserialize_with = "de_text")]
    pub name: String,
}

/// When a date of the rule falls on a holiday: the day it moves to.
#[derive(Debug, Clone, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Replacement {
    /// The holiday the rule's date falls on.
    #[serde(deserialize_with = "de_date")]
    pub date: NaiveDate,
    /// The day it is held instead.
    #[serde(deserialize_with = "de_date")]
    pub to: NaiveDate,
}

/// A reception day, 联系日 or duty rota.
#[derive(Debug, Clone, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Schedule {
    /// e.g. 村干部接待日, 党代表联系日, 便民服务大厅值班.
    #[serde(deserialize_with = "de_text")]
    pub name: String,
    /// The rule as said: 每周三, 每月第一个周五, 逢三、六、九, 每月1日、15日.
    pub rule: Rule,
    /// Hours, e.g. `09:00-12:00`; the day is all-day when empty.
    #[serde(default)]
    pub hours: Hours,
    #[serde(deserialize_with = "de_text")]
    pub place: String,
    /// Who receives villagers (cadres, Party representatives, town cadres).
    #[serde(default)]
    pub people: Vec<String>,
    /// True when `people` take turns, one per date in the order written (轮流值班).
    #[serde(default)]
    pub rota: bool,
    /// Dates on holidays held on another day instead.
    #[serde(default)]
    pub replacements: Vec<Replacement>,
    /// e.g. 实行首问负责制.
    #[serde(default, deserialize_with = "de_text")]
    pub note: String,
}

/// A schedule rule. Dates follow the solar calendar.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
#[schemars(with = "String")]
pub enum Rule {
    /// 每周三、周六.
    Weekly(Vec<Weekday>),
    /// 每月第一个周五 (`nth` 1–4, or 5 for 最后一个).
    Monthly { nth: u8, weekday: Weekday },
    /// 逢三、六、九: the days whose last digit is one of these (0 for 十).
    Market(Vec<u8>),
    /// 每月1日、15日.
    MonthDays(Vec<u32>),
}

pub const RULE_FORMS: &str =
    "写成 每周三、每月第一个周五(或 第二个、最后一个)、逢三、六、九、每月1日、15日 这样的说法";

const WEEKDAYS: [(char, Weekday); 8] = [
    ('一', Weekday::Mon),
    ('二', Weekday::Tue),
    ('三', Weekday::Wed),
    ('四', Weekday::Thu),
    ('五', Weekday::Fri),
    ('六', Weekday::Sat),
    ('日', Weekday::Sun),
    ('天', Weekday::Sun),
];

fn digit(c: char) -> Option<u8> {
    const CN: &str = "十一二三四五六七八九";
    if let Some(d) = c.to_digit(10) {
        return u8::try_from(d).ok();
    }
    CN.chars()
        .position(|x| x == c)
        .and_then(|i| u8::try_from(i).ok())
}

/// `周三` / `星期三` / `三` → Wednesday.
fn weekday(text: &str) -> Option<Weekday> {
    let t = text
        .trim()
        .trim_start_matches("星期")
        .trim_start_matches('周')
        .trim_start_matches("礼拜");
    let mut cs = t.chars();
    let c = cs.next()?;
    if cs.next().is_some() {
        return None;
    }
    WEEKDAYS.iter().find(|(k, _)| *k == c).map(|(_, w)| *w)
}

fn items(text: &str) -> Vec<&str> {
    text.split(['、', ',', '，', '和', ' '])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect()
}

impl Rule {
    /// Reads the rule as an accountant writes it.
    pub fn parse(text: &str) -> Result<Rule, String> {
        let t: String = text.split_whitespace().collect();
        let bad = || format!("看不懂排班规则「{}」", text.trim());
        if let Some(rest) = t.strip_prefix("每周").or_else(|| t.strip_prefix("每星期")) {
            let mut days = Vec::new();
            for item in items(rest) {
                let w = weekday(item).ok_or_else(bad)?;
                if !days.contains(&w) {
                    days.push(w);
                }
            }
            return if days.is_empty() {
                Err(bad())
            } else {
                Ok(Rule::Weekly(days))
            };
        }
        if let Some(rest) = t.strip_prefix("每月第") {
            let (n, day) = rest.split_once('个').ok_or_else(bad)?;
            let nth = match n {
                "一" | "1" => 1,
                "二" | "2" => 2,
                "三" | "3" => 3,
                "四" | "4" => 4,
                _ => return Err(bad()),
            };
            let weekday = weekday(day).ok_or_else(bad)?;
            return Ok(Rule::Monthly { nth, weekday });
        }
        if let Some(day) = t.strip_prefix("每月最后一个") {
            let weekday = weekday(day).ok_or_else(bad)?;
            return Ok(Rule::Monthly { nth: 5, weekday });
        }
        if let Some(rest) = t.strip_prefix("逢") {
            let mut digits = Vec::new();
            for c in rest.chars().filter(|c| !"、,，和日".contains(*c)) {
                let d = digit(c).ok_or_else(bad)?;
                if !digits.contains(&d) {
                    digits.push(d);
                }
            }
            return if digits.is_empty() {
                Err(bad())
            } else {
                Ok(Rule::Market(digits))
            };
        }
        if let Some(rest) = t.strip_prefix("每月") {
            let mut days = Vec::new();
            for item in items(&rest.replace('号', "日")) {
                let n = item.strip_suffix('日').unwrap_or(item);
                let d: u32 = n.parse().map_err(|_| bad())?;
                if !(1..=31).contains(&d) {
                    return Err(bad());
                }
                days.push(d);
            }
            return if days.is_empty() {
                Err(bad())
            } else {
                Ok(Rule::MonthDays(days))
            };
        }
        Err(bad())
    }
}

const WEEK: [&str; 7] = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"];

impl Rule {
    /// The rule in words: `每周三`, `每月第一个周五`, `逢三、六、九`, `每月1日、15日`.
    pub fn label(&self) -> String {
        const CN: [&str; 10] = ["十", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
        let week = |w: &Weekday| WEEK[w.num_days_from_monday() as usize];
        match self {
            Rule::Weekly(days) => {
                let d: Vec<&str> = days.iter().map(week).collect();
                format!("每{}", d.join("、"))
            }
            Rule::Monthly { nth, weekday } => {
                let n = match nth {
                    5 => "最后一".to_string(),
                    n => format!("第{}", CN[usize::from(*n) % 10]),
                };
                format!("每月{n}个{}", week(weekday))
            }
            Rule::Market(digits) => {
                let d: Vec<&str> = digits.iter().map(|x| CN[usize::from(*x) % 10]).collect();
                format!("逢{}", d.join("、"))
            }
            Rule::MonthDays(days) => {
                let d: Vec<String> = days.iter().map(|x| format!("{x}日")).collect();
                format!("每月{}", d.join("、"))
            }
        }
    }
}

impl Schedule {
    /// The rule and hours: `每周三 上午 9:00-12:00`.
    pub fn when(&self) -> String {
        let hours = self.hours.label();
        if hours.is_empty() {
            self.rule.label()
        } else {
            format!("{} {hours}", self.rule.label())
        }
    }
}

impl<'de> Deserialize<'de> for Rule {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Rule, D::Error> {
        let text = de_text(d)?;
        Rule::parse(&text).map_err(|e| D::Error::custom(format!("{e}:{RULE_FORMS}")))
    }
}

/// Opening hours `09:00-12:00`, as minutes after midnight; `None` for an all-day schedule.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
#[schemars(with = "String")]
pub struct Hours(pub Option<(u32, u32)>);

fn minutes(t: &str) -> Option<u32> {
    let (h, m) = t
        .trim()
        .replace('：', ":")
        .split_once(':')
        .map(|(h, m)| (h.trim().parse::<u32>(), m.trim().parse::<u32>()))?;
    let (h, m) = (h.ok()?, m.ok()?);
    (h < 24 && m < 60).then_some(h * 60 + m)
}

impl<'de> Deserialize<'de> for Hours {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Hours, D::Error> {
        let text = de_text(d)?;
        if text.trim().is_empty() {
            return Ok(Hours(None));
        }
        let parsed = text
            .split_once(['-', '—', '–', '~', '至'])
            .and_then(|(a, b)| Some((minutes(a)?, minutes(b)?)))
            .filter(|(a, b)| a < b);
        parsed.map(|p| Hours(Some(p))).ok_or_else(|| {
            D::Error::custom(format!(
                "时间「{}」看不懂:写成 09:00-12:00(开始早于结束)",
                text.trim()
            ))
        })
    }
}

impl Hours {
    /// `上午 9:00-12:00`, or "" for all day.
    pub fn label(self) -> String {
        let Some((a, b)) = self.0 else {
            return String::new();
        };
        let part = match a / 60 {
            0..=11 => "上午",
            12..=17 => "下午",
            _ => "晚上",
        };
        format!("{part} {}:{:02}-{}:{:02}", a / 60, a % 60, b / 60, b % 60)
    }
}

/// A contact Party member of a grid: a name alone, or with the households they look after.
#[derive(Debug, Clone, serde::Serialize, schemars::JsonSchema)]
#[schemars(untagged)]
pub enum Member {
    Name(String),
    Full(MemberLinks),
}

/// A member with the households they look after and their service promise.
#[derive(Debug, Clone, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MemberLinks {
    #[serde(deserialize_with = "de_text")]
    pub name: String,
    /// 村民小组 of the households, e.g. 三组.
    #[serde(deserialize_with = "de_text")]
    pub group: String,
    /// 户号 of the linked households inside the group (numbers only, never names).
    pub households: Vec<u32>,
    /// The promise published at the start of the year (服务承诺).
    #[serde(default, deserialize_with = "de_text")]
    pub promise: String,
}

impl Member {
    pub fn name(&self) -> &str {
        match self {
            Member::Name(n) => n,
            Member::Full(m) => &m.name,
        }
    }
    pub fn links(&self) -> Option<&MemberLinks> {
        match self {
            Member::Name(_) => None,
            Member::Full(m) => Some(m),
        }
    }
}

impl<'de> Deserialize<'de> for Member {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Member, D::Error> {
        struct V;
        impl<'v> Visitor<'v> for V {
            type Value = Member;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("党员姓名,或 name/group/households/promise")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Member, E> {
                Ok(Member::Name(v.to_string()))
            }
            fn visit_map<A: MapAccess<'v>>(self, map: A) -> Result<Member, A::Error> {
                MemberLinks::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(Member::Full)
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_read_as_said() {
        use Weekday::*;
        assert_eq!(Rule::parse("每周三").unwrap(), Rule::Weekly(vec![Wed]));
        assert_eq!(
            Rule::parse("每周二、周五").unwrap(),
            Rule::Weekly(vec![Tue, Fri])
        );
        assert_eq!(
            Rule::parse("每月第一个星期五").unwrap(),
            Rule::Monthly {
                nth: 1,
                weekday: Fri
            }
        );
        assert_eq!(
            Rule::parse("每月最后一个周一").unwrap(),
            Rule::Monthly {
                nth: 5,
                weekday: Mon
            }
        );
        assert_eq!(
            Rule::parse("逢三、六、九").unwrap(),
            Rule::Market(vec![3, 6, 9])
        );
        assert_eq!(
            Rule::parse("逢一四七").unwrap(),
            Rule::Market(vec![1, 4, 7])
        );
        assert_eq!(Rule::parse("逢五、十").unwrap(), Rule::Market(vec![5, 0]));
        assert_eq!(
            Rule::parse("每月1日、15日").unwrap(),
            Rule::MonthDays(vec![1, 15])
        );
        for bad in ["每周八", "每月第六个周五", "有空就来", "逢", "每月40日"] {
            assert!(Rule::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn hours_label_the_part_of_day() {
        assert_eq!(Hours(Some((540, 720))).label(), "上午 9:00-12:00");
        assert_eq!(Hours(Some((870, 1050))).label(), "下午 14:30-17:30");
        assert_eq!(Hours(None).label(), "");
    }
}
