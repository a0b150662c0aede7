//! A page's own properties, handed to the caller once the page ends:
//! `@odata.nextLink` is how a download resumes.

use crate::GraphPage;
use serde::de::IgnoredAny;

/// The longest page link (`@odata.context`, `@odata.nextLink`,
/// `@odata.deltaLink`) that [`AlertReader`](crate::AlertReader) keeps, in
/// bytes of JSON text: 64 KiB. Graph's links are a few hundred bytes to a
/// few kilobytes (a skip token); a longer one is an error, and after a
/// page's `value` it streams past without being held.
pub const MAX_PAGE_LINK: usize = 64 * 1024;

/// A page's own properties, as [`AlertReader::last_page`] hands them out
/// once the page has ended, wherever they stood in it (before or after its
/// `value`).
///
/// [`AlertReader::last_page`]: crate::AlertReader::last_page
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct PageProperties {
    /// The page's JSON path among the input's documents: empty for a page
    /// that is a document, `[2]` for the third element of an array.
    pub path: String,
    /// Line (from 1) of the page's `{`.
    pub line: usize,
    /// Column (from 1) of the page's `{`.
    pub column: usize,
    /// `@odata.context`.
    pub odata_context: Option<String>,
    /// `@odata.count`.
    pub count: Option<u64>,
    /// `@odata.nextLink`: where the next page is.
    pub next_link: Option<String>,
    /// `@odata.deltaLink`.
    pub delta_link: Option<String>,
}

impl PageProperties {
    /// Takes the properties `page` has (a page read with some of them).
    pub(super) fn take_from(&mut self, page: GraphPage<IgnoredAny>) {
        let GraphPage {
            odata_context,
            count,
            next_link,
            delta_link,
            ..
        } = page;
        self.odata_context = odata_context.or(self.odata_context.take());
        self.count = count.or(self.count);
        self.next_link = next_link.or(self.next_link.take());
        self.delta_link = delta_link.or(self.delta_link.take());
    }

    /// The name of the first link of `page` over [`MAX_PAGE_LINK`].
    pub(super) fn link_too_long(page: &GraphPage<IgnoredAny>) -> Option<&'static str> {
        let links = [
            ("@odata.context", &page.odata_context),
            ("@odata.nextLink", &page.next_link),
            ("@odata.deltaLink", &page.delta_link),
        ];
        let long = |link: &Option<String>| link.as_ref().is_some_and(|l| l.len() > MAX_PAGE_LINK);
        links
            .into_iter()
            .find(|(_, link)| long(link))
            .map(|(name, _)| name)
    }

    /// Sets the link `name` to `text`.
    pub(super) fn set_link(&mut self, name: &str, text: String) {
        match name {
            "@odata.context" => self.odata_context = Some(text),
            "@odata.nextLink" => self.next_link = Some(text),
            "@odata.deltaLink" => self.delta_link = Some(text),
            _ => {}
        }
    }

    /// Whether `name` is a link, kept while it streams past.
    pub(super) fn is_link(name: &str) -> bool {
        matches!(
            name,
            "@odata.context" | "@odata.nextLink" | "@odata.deltaLink"
        )
    }
}

/// The error text for a link over [`MAX_PAGE_LINK`].
pub(super) fn link_too_long_message() -> String {
    format!("a page link over the limit of {MAX_PAGE_LINK} bytes (MAX_PAGE_LINK)")
}
