//! PDFs as users get them: the two fixtures that tests/fixtures/make_pdf_fixtures.py
//! prints with headless Chromium (two columns with a running header, footer and "Page 1
//! of 2"; a web page printed with the browser's own header and footer) read to the same
//! statements as the article's plain text, with the page furniture marked as boilerplate.

use std::path::PathBuf;

use parallax_core::{load_bytes, load_path, Document};

/// The article both fixtures print, as plain text: the headline, the body paragraphs
/// and the figure caption where the layout places it. Keep in step with the script.
const ARTICLE: &str = "Harbour ferry returns after storm repairs

The Marisol, the only car ferry between Port Halloran and Skerry Island, carried passengers again on Friday after eleven weeks out of service. Storm waves in September had torn a loading ramp from its hinges and flooded the engine room.

The operator, Tidewater Lines, said 212 people and 64 vehicles made the first crossing. The trip took fifty minutes, ten longer than the usual timetable, because the crew kept to a reduced speed while the new propeller shaft was tested.

Figure 1. The ferry Marisol at the west quay during sea trials.

Repairs cost 3.4 million pounds, according to the council, which owns the vessel and leases it to the operator. Insurance is expected to cover about two thirds of that sum. The council’s transport committee will publish a full account of the work in January.

Islanders had relied on a small passenger boat and a weekly freight barge since the storm. Shopkeepers on Skerry said deliveries of fresh food arrived only twice a week, and the island’s school closed for four days when teachers from the mainland could not travel.

“We have been cut off in a way nobody here has known since the nineteen eighties,” said Orla Benning, who runs the island’s post office. She said the return of the ferry meant that older residents could keep hospital appointments in Port Halloran without staying overnight.

Engineers replaced both hydraulic rams on the stern ramp and rebuilt the switchboard that salt water had reached. The shipyard in Carrow Bay worked double shifts through October to finish the hull plating before the winter inspection.

Tidewater Lines said the timetable would return to six daily sailings from Monday. Fares will stay at last year’s level until March, a decision the operator described as a gesture to islanders who had paid for extra journeys during the closure.

The harbour master, Declan Moyes, warned that the quay at Skerry still needed work. Divers found cracks in two of its concrete piles last month, and a weight limit of twenty tonnes now applies to vehicles using the slipway.

Council officials said a second vessel would be chartered next autumn, when the Marisol is due for its five-yearly overhaul. The charter is expected to cost around 400,000 pounds for eight weeks.

Residents plan a small celebration at the Skerry quay on Saturday. The island choir will sing as the afternoon ferry arrives, and the post office will stay open late for the first time since the summer.
";

fn fixture(name: &str) -> Document {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/ingest")
        .join(name);
    load_path(&path).unwrap_or_else(|e| panic!("{e}"))
}

fn statements(doc: &Document) -> Vec<String> {
    doc.content_sentences().map(|s| s.text.clone()).collect()
}

fn boilerplate(doc: &Document) -> Vec<String> {
    doc.sentences
        .iter()
        .filter(|s| s.boilerplate)
        .map(|s| s.text.clone())
        .collect()
}

fn expected() -> Vec<String> {
    statements(&load_bytes("article.txt", ARTICLE.as_bytes()).unwrap())
}

#[test]
fn two_columns_read_in_order_with_words_whole_and_furniture_marked() {
    let doc = fixture("columns.pdf");
    // Columns in order, no sentence made of two columns' lines, hyphenated words joined
    // (and the real hyphen of "five-yearly" kept), ligatures and kerning undone.
    assert_eq!(statements(&doc), expected());
    assert_eq!(
        doc.title.as_deref(),
        Some("Harbour ferry returns after storm repairs")
    );
    let chrome = boilerplate(&doc);
    // Page furniture is listed once per shape: "Page 1 of 2" stands for both pages.
    assert!(
        !chrome.iter().any(|s| s.contains("Page 2 of 2")),
        "{chrome:#?}"
    );
    for furniture in [
        "THE COASTAL LEDGER",
        "Saturday 14 November 2026",
        "Page 1 of 2",
        "Coastal Ledger reprints",
    ] {
        assert!(
            chrome.iter().any(|s| s.contains(furniture)),
            "{furniture:?} is not boilerplate: {chrome:#?}"
        );
    }
}

/// A copy "protected" as many publishers' PDFs are: AES encryption that opens without
/// a password, its objects packed in object streams, which lopdf reads its own way.
#[test]
fn an_encrypted_copy_with_object_streams_reads_the_same() {
    let plain = fixture("columns.pdf");
    let encrypted = fixture("columns-encrypted.pdf");
    assert_eq!(statements(&encrypted), statements(&plain));
    assert_eq!(boilerplate(&encrypted), boilerplate(&plain));
}

#[test]
fn a_printed_web_page_loses_the_browser_header_and_footer() {
    let doc = fixture("printed.pdf");
    assert_eq!(statements(&doc), expected());
    let chrome = boilerplate(&doc);
    for furniture in ["file:///", "1/2"] {
        assert!(
            chrome.iter().any(|s| s.contains(furniture)),
            "{furniture:?} is not boilerplate: {chrome:#?}"
        );
    }
}
