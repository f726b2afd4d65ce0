//! Links written as web addresses of the site itself (see `markdown::site_links`).

use super::*;
use crate::markdown::site_links::{
    RelativeLink, SiteLink, classify_site_link, is_page_path, relative_link,
};

impl<'a> Walker<'a, '_> {
    /// The URL to write for a link into the site, recorded to be checked; `None` for a link
    /// elsewhere. A link to the preview server is an error suggesting the `@/` form; one
    /// relative to the page is a path of the site, and `www.…` an address missing `https://`.
    pub(super) fn site_link(&mut self, destination: &str, range: Range<usize>) -> Option<String> {
        let config = self.context.config;
        let (base_url, base_path) = (&config.published_base_url, &config.published_base_path);
        match classify_site_link(destination, base_url, base_path) {
            SiteLink::Other => match relative_link(destination, &self.doc_path) {
                RelativeLink::NotRelative | RelativeLink::Path(None) => None,
                RelativeLink::WebAddress => {
                    let meant = format!("https://{destination}");
                    let diagnostic = Diagnostic::err(text!("E158", link = destination))
                        .help(text!("E158.help", link = meant));
                    self.push_diagnostic(diagnostic, range);
                    Some(destination.to_string())
                }
                RelativeLink::Path(Some((path, anchor))) => {
                    Some(self.site_path_link(path, anchor, range))
                }
            },
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
            SiteLink::Path(path, anchor) => Some(self.site_path_link(path, anchor, range)),
        }
    }

    /// The URL of the site's `path` (without the base path), recorded to be checked against
    /// the documents and, failing those, the files the build writes (E058).
    fn site_path_link(
        &mut self,
        path: String,
        anchor: Option<String>,
        range: Range<usize>,
    ) -> String {
        let target = LinkTarget { doc: path, anchor };
        let url = if is_page_path(&target.doc) && !target.doc.is_empty() {
            self.url_of(&target)
        } else {
            let mut url = String::with_capacity(target.doc.len() + 16);
            push_all(
                &mut url,
                &[&self.context.config.base_path, "/", &target.doc],
            );
            if let Some(anchor) = &target.anchor {
                push_all(&mut url, &["#", anchor]);
            }
            url
        };
        self.push_internal_link(target, LinkKind::Site, range.start);
        url
    }
}
