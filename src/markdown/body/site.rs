//! Links written as web addresses of the site itself (see `markdown::site_links`).

use super::*;
use crate::markdown::site_links::{SiteLink, classify_site_link, is_page_path};

impl<'a> Walker<'a, '_> {
    /// The URL to write for a link into the site, recorded to be checked; `None` for a link
    /// elsewhere. A link to the preview server is an error suggesting the `@/` form.
    pub(super) fn site_link(&mut self, destination: &str, range: Range<usize>) -> Option<String> {
        let config = self.context.config;
        let (base_url, base_path) = (&config.published_base_url, &config.published_base_path);
        match classify_site_link(destination, base_url, base_path) {
            SiteLink::Other => None,
            SiteLink::Preview(path, anchor) => {
                let suggestion = if is_page_path(&path) && !path.is_empty() {
                    let anchor = anchor.map(|a| format!("#{a}")).unwrap_or_default();
                    text!("E049.help-document", link = format!("@/{path}.md{anchor}"))
                } else {
                    text!("E049.help-path", link = format!("/{path}"))
                };
                let diagnostic =
                    Diagnostic::err(text!("E049", link = destination)).help(suggestion);
                self.push_diagnostic(diagnostic, range);
                Some(String::new())
            }
            SiteLink::Path(path, anchor) => {
                let target = LinkTarget { doc: path, anchor };
                let url = if is_page_path(&target.doc) && !target.doc.is_empty() {
                    self.url_of(&target)
                } else {
                    let mut url = String::with_capacity(target.doc.len() + 16);
                    push_all(&mut url, &[&config.base_path, "/", &target.doc]);
                    if let Some(anchor) = &target.anchor {
                        push_all(&mut url, &["#", anchor]);
                    }
                    url
                };
                self.push_internal_link(target, LinkKind::Site, range.start);
                Some(url)
            }
        }
    }
}
