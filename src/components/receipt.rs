//! The customer's receipt after acceptance: the signed record to download, and a plain
//! copy of the accepted text to print or save (the print stylesheet shows the whole text
//! and the block below, which carries the record's id, version, hash and time).
//!
//! A view of the root's, not a component of its own: the download's `blob:` URL is kept
//! by the root, made once per record and revoked when the record goes away, so the
//! receipt holds no state (as a component, its lifecycle, props builder and hooks,
//! monomorphised for it, cost the package about 0.9 KB brotli).

use yew::prelude::*;

use crate::messages::Labels;

/// What the receipt shows.
pub struct Receipt<'a> {
    /// The record as a `blob:` URL, when the browser could make one.
    pub download_url: Option<&'a str>,
    pub record_id: &'a str,
    pub version: &'a str,
    pub sha256: &'a str,
    pub accepted_at: String,
    pub labels: &'a Labels,
}

impl Receipt<'_> {
    pub fn view(self) -> Html {
        let labels = self.labels;
        let print = Callback::from(|_: MouseEvent| crate::web::files::print());
        html! {
            <div class="cw-receipt">
                <div class="cw-receipt-actions">
                    <a class="cw-download" href={self.download_url.map(str::to_owned)}
                       download={["clausewrap-record-", self.record_id, ".json"].concat()}>
                        { labels.download_record }
                    </a>
                    <button type="button" class="cw-print" onclick={print}>{ labels.print_text }</button>
                </div>
                <div class="cw-receipt-print">
                    <p class="cw-receipt-title">{ labels.receipt_heading }</p>
                    <dl>
                        <dt>{ labels.receipt_record_id }</dt><dd>{ self.record_id.to_owned() }</dd>
                        <dt>{ labels.receipt_version }</dt><dd>{ self.version.to_owned() }</dd>
                        <dt>{ labels.receipt_sha256 }</dt><dd>{ self.sha256.to_owned() }</dd>
                        <dt>{ labels.receipt_accepted_at }</dt><dd>{ self.accepted_at }</dd>
                    </dl>
                </div>
            </div>
        }
    }
}
