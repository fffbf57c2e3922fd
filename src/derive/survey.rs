//! Satisfaction survey figures per cadre (满意 / 基本满意 / 不满意) and for the whole village.

use super::permille;
use crate::model::Survey;
use serde::Serialize;

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq, Default)]
pub struct SurveyRates {
    pub satisfied: u32,
    pub basic: u32,
    pub unsatisfied: u32,
    pub respondents: u32,
    /// 满意率: (满意 + 基本满意) / 参评人数, per mille.
    pub satisfaction_permille: u32,
    /// 不满意率, per mille.
    pub unsatisfied_permille: u32,
}

pub fn survey_rates(s: &Survey) -> SurveyRates {
    let whole = u64::from(s.respondents);
    SurveyRates {
        satisfied: s.satisfied,
        basic: s.basic,
        unsatisfied: s.unsatisfied,
        respondents: s.respondents,
        satisfaction_permille: permille(u64::from(s.satisfied) + u64::from(s.basic), whole),
        unsatisfied_permille: permille(u64::from(s.unsatisfied), whole),
    }
}

/// All answers of a village's survey added together (saturating: the checks refuse counts
/// that do not add up, so only absurd input could reach the limit, and it cannot panic).
pub fn combined<'a>(surveys: impl IntoIterator<Item = &'a Survey>) -> SurveyRates {
    let mut total = Survey {
        satisfied: 0,
        basic: 0,
        unsatisfied: 0,
        respondents: 0,
    };
    for s in surveys {
        total.satisfied = total.satisfied.saturating_add(s.satisfied);
        total.basic = total.basic.saturating_add(s.basic);
        total.unsatisfied = total.unsatisfied.saturating_add(s.unsatisfied);
        total.respondents = total.respondents.saturating_add(s.respondents);
    }
    survey_rates(&total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates() {
        let s = Survey {
            satisfied: 40,
            basic: 5,
            unsatisfied: 3,
            respondents: 48,
        };
        let r = survey_rates(&s);
        assert_eq!(r.satisfaction_permille, 938);
        assert_eq!(r.unsatisfied_permille, 63);
        let c = combined([
            &s,
            &Survey {
                satisfied: 2,
                basic: 0,
                unsatisfied: 0,
                respondents: 2,
            },
        ]);
        assert_eq!(
            (c.satisfied, c.respondents, c.satisfaction_permille),
            (42, 50, 940)
        );
    }
}
