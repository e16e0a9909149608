//! The customer's receipt after acceptance: the signed record to download, and a plain
//! copy of the accepted text to print or save (the print stylesheet shows the whole text
//! and the block below, which carries the record's id, version, hash and time).

use std::rc::Rc;

use yew::prelude::*;

use crate::messages::{self, Locale};

#[derive(Properties, PartialEq)]
pub struct ReceiptProps {
    pub record_json: Rc<str>,
    pub record_id: Rc<str>,
    pub version: AttrValue,
    pub sha256: AttrValue,
    pub accepted_at: AttrValue,
    pub locale: Locale,
}

#[component]
pub fn Receipt(props: &ReceiptProps) -> Html {
    let labels = messages::labels(props.locale);
    // The download is a blob: URL made once per record and revoked when it goes away.
    let href = use_state(|| None::<String>);
    {
        let href = href.clone();
        use_effect_with(props.record_json.clone(), move |json| {
            let url = crate::web::files::object_url(json, "application/json");
            href.set(url.clone());
            move || {
                if let Some(url) = url {
                    crate::web::files::revoke(&url);
                }
            }
        });
    }
    let print = Callback::from(|_: MouseEvent| crate::web::files::print());
    html! {
        <div class="cw-receipt">
            <div class="cw-receipt-actions">
                <a class="cw-download" href={(*href).clone()} download={format!("clausewrap-record-{}.json", props.record_id)}>
                    { labels.download_record }
                </a>
                <button type="button" class="cw-print" onclick={print}>{ labels.print_text }</button>
            </div>
            <div class="cw-receipt-print">
                <p class="cw-receipt-title">{ labels.receipt_heading }</p>
                <dl>
                    <dt>{ labels.receipt_record_id }</dt><dd>{ props.record_id.to_string() }</dd>
                    <dt>{ labels.receipt_version }</dt><dd>{ props.version.clone() }</dd>
                    <dt>{ labels.receipt_sha256 }</dt><dd>{ props.sha256.clone() }</dd>
                    <dt>{ labels.receipt_accepted_at }</dt><dd>{ props.accepted_at.clone() }</dd>
                </dl>
            </div>
        </div>
    }
}
