//! The index pages members browse by: goals, recommendations, commitments (traceability),
//! topics, addressees, motions, search and open data.

use crate::render::views::Urls;
use crate::render::{OutputFile, PageJob, Theme};
use crate::resolve::Site;

pub fn page_jobs(site: &Site, theme: &Theme, urls: &Urls<'_>) -> Vec<PageJob> {
    let _ = (site, theme, urls);
    Vec::new()
}

pub fn data_files(site: &Site, theme: &Theme, urls: &Urls<'_>) -> Vec<OutputFile> {
    let _ = (site, theme, urls);
    Vec::new()
}
