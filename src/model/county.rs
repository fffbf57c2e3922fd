//! A county of towns (`county.yaml` beside `towns/<镇>/`): what the county home page says about
//! itself. Each town under `towns/` is a town folder exactly as a single town's content folder
//! (its own `site.yaml`, `villages/`, `published.yaml`), so a town moves in or out of a county
//! by moving its folder; the county file adds only the county's own name and address.

use serde::{Deserialize, Serialize};

/// The county's file, at the top of a county's content folder.
pub const COUNTY_FILE: &str = "county.yaml";
/// The folder holding one folder per town.
pub const TOWNS_DIR: &str = "towns";

/// `county.yaml`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CountyFile {
    /// 县名, e.g. 示例县.
    pub name: String,
    /// The home page's title.
    pub title: String,
    /// Who publishes the county page (e.g. 中共示例县委组织部).
    #[serde(default)]
    pub publisher: String,
    /// A short text under the title.
    #[serde(default)]
    pub intro: String,
    /// The county site's address; each town's site is then at `<base_url><镇>/`, whatever
    /// its own `site.yaml` says.
    #[serde(default)]
    pub base_url: String,
}
