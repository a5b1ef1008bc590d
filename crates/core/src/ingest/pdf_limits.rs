//! Bounds on the work a PDF can make its reader do. Within the 64 MiB file limit, a PDF
//! can hold a stream that inflates to gigabytes (4 MB became 8 GB of memory and 26 s),
//! an array of 30 million numbers (7 GB: lopdf keeps each value in a 100-byte enum),
//! a page drawn with as many operators, or 170,000 pages; neither lopdf nor pdf-extract
//! limits any of them. So:
//!
//! - before lopdf parses the file, its values (numbers, names, strings, arrays,
//!   dictionaries; stream data aside) are counted, at most [`MAX_PARSED_VALUES`];
//! - while it loads, the structure tree of a tagged PDF (`/StructElem`, a dictionary per
//!   tagged paragraph, span and link: most of the values of an accessible export) is
//!   dropped, since the text comes from the pages; the values kept may number
//!   [`MAX_KEPT_VALUES`];
//! - every stream's decoded size is measured through bounded decoders before anything
//!   else decodes it, all of them together at most [`MAX_INFLATED_BYTES`]; the values
//!   inside object streams join the count;
//! - images are emptied: Parallax reads no pictures, and pdf-extract would decode an
//!   image XObject and parse its pixels as drawing operators;
//! - a page (or form) drawn with more than [`MAX_PAGE_VALUES`] operands and operators is
//!   emptied: it is a drawing (a map, a plan), and reading it would hold them all in
//!   memory at once;
//! - at most [`MAX_PAGES`] pages are read;
//! - no single object may hold more than [`MAX_KEPT_VALUES`] values: lopdf parses an
//!   object whole before the filter sees it;
//! - lopdf loads an encrypted file without the filter and expands its object streams
//!   unbounded, so there every value counts as kept, and the object streams' keys are
//!   hidden from lopdf while it loads ([`disarm_stream_keys`]) and the streams measured,
//!   then expanded, here.

use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::collections::{HashMap, HashSet};
use std::io::{self, Write};

use flate2::{Decompress, FlushDecompress, Status};
use pdf_extract::xref::XrefEntry;
use pdf_extract::{Dictionary, Document, LoadOptions, Object, ObjectId, ObjectStream, Stream};

use crate::error::ErrorKind;

/// The most values lopdf parses (about 10 s of parsing at worst). A 125-page tagged
/// export has 900,000, most of them its structure tree.
pub const MAX_PARSED_VALUES: usize = 16_000_000;
/// The most values kept in memory: 120 to 240 bytes each as lopdf holds them.
pub const MAX_KEPT_VALUES: usize = 2_000_000;
/// The most bytes the file's streams (images aside) may decode to, together. A page of
/// dense text is 10 to 40 KB of drawing operators, so this is above what reaches
/// [`super::MAX_TEXT_CHARS`].
pub const MAX_INFLATED_BYTES: usize = 128 << 20;
/// The most operands and operators one page or form is drawn with. A page of dense
/// text takes a few tens of thousands.
pub const MAX_PAGE_VALUES: usize = 1_000_000;
/// The most pages read. pdf-extract sets up each page's fonts and resources afresh: a
/// 62 MB file of 170,000 one-line pages took 4.4 s and 800 MB to load and more to read.
/// The longest reports articles come as are far shorter.
pub const MAX_PAGES: usize = 10_000;

/// What a file has used of the limits while it loads. lopdf takes a plain function as
/// its per-object filter, so the tally lives in a thread-local and [`load`] resets it.
#[derive(Clone, Copy, Default)]
struct Tally {
    /// Objects lopdf passed by the filter.
    admitted: usize,
    parsed: usize,
    kept: usize,
    inflated: usize,
    overrun: Option<Overrun>,
}

#[derive(Clone, Copy)]
enum Overrun {
    Parsed,
    Kept,
    Inflated,
}

thread_local! {
    static TALLY: Cell<Tally> = Cell::new(Tally::default());
    /// The operands and operators of each stream read so far, by object.
    static STREAM_VALUES: RefCell<HashMap<ObjectId, usize>> = RefCell::new(HashMap::new());
    /// The objects the object streams read so far hold.
    static IN_OBJECT_STREAMS: RefCell<HashSet<ObjectId>> = RefCell::new(HashSet::new());
}

/// Loads `bytes` as a PDF within the limits, decrypting a file that opens with the
/// empty password.
pub fn load(bytes: &[u8]) -> Result<Document, ErrorKind> {
    let Values { parsed, largest } = count_values(bytes, true);
    if parsed > MAX_PARSED_VALUES {
        return Err(too_many_values(parsed, MAX_PARSED_VALUES));
    }
    if largest > MAX_KEPT_VALUES {
        return Err(too_many_values(largest, MAX_KEPT_VALUES));
    }
    // Whether lopdf may take its path for encrypted files, which keeps every object.
    let encrypted = memchr::memmem::find(bytes, b"/Encrypt").is_some();
    if encrypted && parsed > MAX_KEPT_VALUES {
        return Err(too_many_values(parsed, MAX_KEPT_VALUES));
    }
    let bytes = if encrypted {
        disarm_stream_keys(bytes)
    } else {
        Cow::Borrowed(bytes)
    };
    TALLY.with(|t| {
        t.set(Tally {
            parsed,
            ..Tally::default()
        })
    });
    STREAM_VALUES.with(|v| v.borrow_mut().clear());
    IN_OBJECT_STREAMS.with(|o| o.borrow_mut().clear());
    let loaded = Document::load_mem_with_options(&bytes, LoadOptions::with_filter(admit));
    let mut tally = TALLY.with(|t| t.replace(Tally::default()));
    let mut stream_values = STREAM_VALUES.with(|v| std::mem::take(&mut *v.borrow_mut()));
    IN_OBJECT_STREAMS.with(|o| o.borrow_mut().clear());
    let mut doc = loaded.map_err(|e| ErrorKind::Pdf(super::pdf::describe(&e.to_string())))?;
    overrun_error(tally)?;
    if doc.is_encrypted() && doc.decrypt("").is_err() {
        return Err(ErrorKind::Pdf("it is encrypted".into()));
    }
    if tally.admitted == 0 {
        // lopdf loads an encrypted file without its filter, keeping every object it
        // parsed: bound the streams now, and expand the object streams whose keys
        // `disarm_stream_keys` hid from it.
        tally.kept = parsed;
        let mut object_streams = Vec::new();
        for (id, object) in doc.objects.iter_mut() {
            if let Object::Stream(stream) = object {
                restore_stream_keys(&mut stream.dict);
                if stream.dict.has_type(b"ObjStm") {
                    object_streams.push(*id);
                }
                if let Some(values) = limit_stream(stream, &mut tally) {
                    stream_values.insert(*id, values);
                }
            }
        }
        overrun_error(tally)?;
        expand_object_streams(&mut doc, &object_streams);
    }
    let pages = doc.get_pages();
    if pages.len() > MAX_PAGES {
        return Err(ErrorKind::TooLarge {
            size: pages.len() as u64,
            limit: MAX_PAGES as u64,
            unit: "pages",
        });
    }
    // pdf-extract reads a page's content streams as one.
    for page in pages.into_values() {
        let streams = doc.get_page_contents(page);
        let values: usize = streams
            .iter()
            .map(|id| stream_values.get(id).copied().unwrap_or(0))
            .sum();
        if values > MAX_PAGE_VALUES {
            for id in streams {
                if let Ok(Object::Stream(stream)) = doc.get_object_mut(id) {
                    empty(stream);
                }
            }
        }
    }
    Ok(doc)
}

fn too_many_values(values: usize, limit: usize) -> ErrorKind {
    ErrorKind::TooLarge {
        size: values as u64,
        limit: limit as u64,
        unit: "PDF values",
    }
}

fn overrun_error(tally: Tally) -> Result<(), ErrorKind> {
    match tally.overrun {
        None => Ok(()),
        Some(Overrun::Parsed) => Err(too_many_values(tally.parsed, MAX_PARSED_VALUES)),
        Some(Overrun::Kept) => Err(too_many_values(tally.kept, MAX_KEPT_VALUES)),
        Some(Overrun::Inflated) => Err(ErrorKind::Pdf(format!(
            "its compressed streams expand to more than {} MiB (a decompression bomb?)",
            MAX_INFLATED_BYTES >> 20
        ))),
    }
}

/// lopdf's per-object filter; `None` drops the object. For an object in the file's
/// body lopdf keeps the object as this function leaves it and ignores the value
/// returned; for one inside an object stream it keeps the value returned. Which of the
/// two an object is, the object streams' headers tell ([`IN_OBJECT_STREAMS`]).
fn admit(id: ObjectId, object: &mut Object) -> Option<(ObjectId, Object)> {
    let mut tally = TALLY.with(Cell::get);
    tally.admitted += 1;
    let admitted = match object {
        Object::Stream(stream) => {
            restore_stream_keys(&mut stream.dict);
            if let Some(values) = limit_stream(stream, &mut tally) {
                STREAM_VALUES.with(|v| v.borrow_mut().insert(id, values));
            }
            Some((id, Object::Null))
        }
        Object::Dictionary(dict) if dict.has_type(b"StructElem") => None,
        _ => {
            tally.kept += values_in(object);
            if tally.kept > MAX_KEPT_VALUES {
                tally.overrun.get_or_insert(Overrun::Kept);
                None
            } else if IN_OBJECT_STREAMS.with(|o| o.borrow().contains(&id)) {
                Some((id, std::mem::replace(object, Object::Null)))
            } else {
                Some((id, Object::Null))
            }
        }
    };
    TALLY.with(|t| t.set(tally));
    admitted
}

/// The values `object` is made of, itself included.
fn values_in(object: &Object) -> usize {
    1 + match object {
        Object::Array(items) => items.iter().map(values_in).sum(),
        Object::Dictionary(dict) => dict.iter().map(|(_, v)| 1 + values_in(v)).sum(),
        _ => 0,
    }
}

/// Empties an image, a stream past the inflation budget, and one drawn with more than
/// [`MAX_PAGE_VALUES`]; otherwise adds the stream's decoded size to `tally` and gives
/// its count of values. An object stream's values count in the file's.
fn limit_stream(stream: &mut Stream, tally: &mut Tally) -> Option<usize> {
    let is_image = stream
        .dict
        .get(b"Subtype")
        .and_then(Object::as_name)
        .is_ok_and(|n| n == b"Image");
    if is_image || tally.overrun.is_some() {
        empty(stream);
        return None;
    }
    let Some(decoded) = decoded(stream, MAX_INFLATED_BYTES - tally.inflated) else {
        tally.overrun = Some(Overrun::Inflated);
        empty(stream);
        return None;
    };
    tally.inflated += decoded.len();
    let values = count_values(&decoded, false).parsed;
    if stream.dict.has_type(b"ObjStm") {
        tally.parsed += values;
        if tally.parsed > MAX_PARSED_VALUES {
            tally.overrun = Some(Overrun::Parsed);
            empty(stream);
        } else if tally.kept + values > MAX_KEPT_VALUES {
            // lopdf parses an object stream whole, every member kept or not.
            tally.kept += values;
            tally.overrun = Some(Overrun::Kept);
            empty(stream);
        } else {
            note_members(&decoded, stream);
        }
        return None;
    }
    if values > MAX_PAGE_VALUES {
        empty(stream);
        return None;
    }
    Some(values)
}

/// Notes the objects an object stream holds, from the pairs of numbers (object number,
/// offset) that open it.
fn note_members(decoded: &[u8], stream: &Stream) {
    let count = stream
        .dict
        .get(b"N")
        .and_then(Object::as_i64)
        .map_or(0, |n| n.max(0) as usize);
    let numbers = decoded
        .split(|b| b.is_ascii_whitespace())
        .filter(|word| !word.is_empty())
        .map_while(|word| std::str::from_utf8(word).ok()?.parse::<u32>().ok())
        .take(2 * count);
    IN_OBJECT_STREAMS.with(|o| {
        let mut members = o.borrow_mut();
        members.extend(numbers.step_by(2).map(|number| (number, 0)));
    });
}

/// What [`disarm_stream_keys`] writes over a stream's `/Filter` and `/First` keys: a
/// name of the same length made of this letter and tildes.
const HIDDEN_FILTER: u8 = b'F';
const HIDDEN_FIRST: u8 = b'R';

/// `bytes` with the `/Filter` and `/First` keys of every stream dictionary (the
/// cross-reference stream's aside) overwritten by names of the same length that lopdf
/// does not know. lopdf expands an encrypted file's object streams while it loads,
/// inflating and parsing each whole whatever its size; without a filter it does not
/// inflate, and without `/First` it parses nothing. [`restore_stream_keys`] puts the
/// keys back. Names spelled with `#` escapes are read as what they spell. A stream with
/// a `/Crypt` filter keeps its `/Filter`: lopdf's decryption reads it, and lopdf cannot
/// inflate through it anyway.
fn disarm_stream_keys(bytes: &[u8]) -> Cow<'_, [u8]> {
    let mut out = Cow::Borrowed(bytes);
    let mut depth = 0usize;
    // The current top-level dictionary: its `/Filter` and `/First` names, and whether it
    // has a `/W` key (a cross-reference stream) or a `/Crypt` filter.
    let (mut filters, mut firsts) = (Vec::new(), Vec::new());
    let (mut is_xref, mut has_crypt) = (false, false);
    // The dictionary that just closed, waiting for a `stream` keyword.
    let mut closed: Option<(Vec<usize>, Vec<usize>)> = None;
    let mut i = 0usize;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => i = end_of_comment(bytes, i),
            b'(' => {
                i = end_of_literal_string(bytes, i);
                closed = None;
            }
            b'<' if bytes.get(i + 1) == Some(&b'<') => {
                if depth == 0 {
                    (filters, firsts) = (Vec::new(), Vec::new());
                    (is_xref, has_crypt) = (false, false);
                }
                depth += 1;
                i += 2;
                closed = None;
            }
            b'>' if bytes.get(i + 1) == Some(&b'>') => {
                depth = depth.saturating_sub(1);
                closed = (depth == 0 && !is_xref).then(|| {
                    let filters = if has_crypt {
                        Vec::new()
                    } else {
                        filters.clone()
                    };
                    (filters, firsts.clone())
                });
                i += 2;
            }
            b'<' => {
                i = memchr::memchr(b'>', &bytes[i..]).map_or(bytes.len(), |n| i + n + 1);
                closed = None;
            }
            b'/' => {
                let start = i;
                i += 1;
                while i < bytes.len() && is_regular_byte(bytes[i]) {
                    i += 1;
                }
                if depth >= 1 {
                    match unescape_name(&bytes[start + 1..i]).as_slice() {
                        b"Filter" if depth == 1 => filters.push(start),
                        b"First" if depth == 1 => firsts.push(start),
                        b"W" if depth == 1 => is_xref = true,
                        b"Crypt" => has_crypt = true,
                        _ => {}
                    }
                }
                closed = None;
            }
            b if !is_regular_byte(b) => i += 1,
            _ => {
                let start = i;
                while i < bytes.len() && is_regular_byte(bytes[i]) {
                    i += 1;
                }
                if &bytes[start..i] == b"stream" {
                    if let Some((filters, firsts)) = closed.take() {
                        let out = out.to_mut();
                        for (names, letter) in [(filters, HIDDEN_FILTER), (firsts, HIDDEN_FIRST)] {
                            for at in names {
                                let end = (at + 1..out.len())
                                    .find(|&j| !is_regular_byte(out[j]))
                                    .unwrap_or(out.len());
                                out[at + 1] = letter;
                                out[at + 2..end].fill(b'~');
                            }
                        }
                    }
                    i = memchr::memmem::find(&bytes[i..], b"endstream")
                        .map_or(bytes.len(), |n| i + n + b"endstream".len());
                }
                closed = None;
            }
        }
    }
    out
}

/// A name's bytes with its `#xx` escapes decoded.
fn unescape_name(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        let hex = raw
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (raw[i], hex) {
            (b'#', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    out
}

/// Puts back the keys [`disarm_stream_keys`] hid in a stream's dictionary.
fn restore_stream_keys(dict: &mut Dictionary) {
    let hidden = |key: &[u8], letter: u8| {
        key.len() >= 2 && key[0] == letter && key[1..].iter().all(|&b| b == b'~')
    };
    let keys: Vec<Vec<u8>> = dict
        .iter()
        .map(|(key, _)| key.clone())
        .filter(|key| hidden(key, HIDDEN_FILTER) || hidden(key, HIDDEN_FIRST))
        .collect();
    for key in keys {
        if let Some(value) = dict.remove(&key) {
            let name = if key[0] == HIDDEN_FILTER {
                "Filter"
            } else {
                "First"
            };
            dict.set(name, value);
        }
    }
}

/// Adds to `doc` the objects the cross-reference table places in the object streams
/// `containers`, measured by [`limit_stream`] already (an emptied one holds nothing).
fn expand_object_streams(doc: &mut Document, containers: &[ObjectId]) {
    for &id in containers {
        let Ok(Object::Stream(stream)) = doc.get_object(id) else {
            continue;
        };
        let Ok(members) = ObjectStream::new(&mut stream.clone()) else {
            continue;
        };
        for (member, object) in members.objects {
            let listed = doc.reference_table.entries.get(&member.0).is_some_and(
                |entry| matches!(entry, XrefEntry::Compressed { container, .. } if *container == id.0),
            );
            if listed {
                doc.objects.entry(member).or_insert(object);
            }
        }
    }
}

fn empty(stream: &mut Stream) {
    stream.dict.remove(b"Filter");
    stream.dict.remove(b"DecodeParms");
    stream.set_content(Vec::new());
}

/// PDF's white-space bytes.
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b'\x0c' | 0)
}

/// PDF's delimiter bytes.
fn is_delimiter(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

/// A byte of a name, number or keyword: neither white space nor a delimiter.
fn is_regular_byte(b: u8) -> bool {
    !is_space(b) && !is_delimiter(b)
}

/// Where the comment that starts at `data[start]` ("%") ends: at its line's end.
fn end_of_comment(data: &[u8], start: usize) -> usize {
    memchr::memchr2(b'\r', b'\n', &data[start..]).map_or(data.len(), |n| start + n)
}

/// The index after the literal string that opens at `data[start]` ("("): balanced
/// parentheses nest, a backslash escapes the next byte; the end of `data` if it never
/// closes.
fn end_of_literal_string(data: &[u8], start: usize) -> usize {
    let (mut depth, mut i) = (0usize, start);
    while i < data.len() {
        match data[i] {
            b'\\' => i += 1,
            b'(' => depth += 1,
            b')' => {
                depth -= 1;
                if depth == 0 {
                    return i + 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    data.len()
}

/// The values of a file or stream, all of them and the most in one indirect object.
struct Values {
    parsed: usize,
    largest: usize,
}

/// How many values (numbers, names, strings, keywords, arrays, dictionaries) `data`
/// holds in PDF syntax, skipping the data of `stream ... endstream` when
/// `skip_streams`. One pass; a string counts once, whatever it holds. An indirect
/// object runs from one `obj` keyword to the next.
fn count_values(data: &[u8], skip_streams: bool) -> Values {
    let (mut count, mut i, mut object_start, mut largest) = (0usize, 0usize, 0usize, 0usize);
    while i < data.len() {
        match data[i] {
            b if is_space(b) => i += 1,
            b'%' => i = end_of_comment(data, i),
            b'(' => {
                count += 1;
                i = end_of_literal_string(data, i);
            }
            b'<' if data.get(i + 1) == Some(&b'<') => {
                count += 1;
                i += 2;
            }
            b'<' => {
                count += 1;
                i = memchr::memchr(b'>', &data[i..]).map_or(data.len(), |n| i + n + 1);
            }
            b'[' => {
                count += 1;
                i += 1;
            }
            b')' | b'>' | b']' | b'{' | b'}' => i += 1,
            _ => {
                count += 1;
                let start = i;
                i += 1;
                while i < data.len() && is_regular_byte(data[i]) {
                    i += 1;
                }
                match &data[start..i] {
                    b"stream" if skip_streams => {
                        i = memchr::memmem::find(&data[i..], b"endstream")
                            .map_or(data.len(), |n| i + n + b"endstream".len());
                    }
                    b"obj" => {
                        largest = largest.max(count - object_start);
                        object_start = count;
                    }
                    _ => {}
                }
            }
        }
    }
    Values {
        parsed: count,
        largest: largest.max(count - object_start),
    }
}

/// `stream` decoded as lopdf decodes it, or `None` past `limit` bytes. At a filter
/// lopdf cannot decode, pdf-extract reads the bytes as they stand, and so does this.
fn decoded(stream: &Stream, limit: usize) -> Option<Cow<'_, [u8]>> {
    let Ok(filters) = stream.filters() else {
        return Some(Cow::Borrowed(&stream.content));
    };
    let early_change = stream
        .dict
        .get(b"DecodeParms")
        .and_then(Object::as_dict)
        .and_then(|p| p.get(b"EarlyChange"))
        .and_then(Object::as_i64)
        .map_or(true, |v| v != 0);
    let mut data = Cow::Borrowed(stream.content.as_slice());
    for filter in filters {
        data = Cow::Owned(match filter {
            b"FlateDecode" => inflate(&data, limit)?,
            b"LZWDecode" => unlzw(&data, early_change, limit)?,
            b"ASCII85Decode" => {
                // Five characters make four bytes, and "z" four zero bytes.
                if data.len().saturating_mul(4) > limit {
                    return None;
                }
                let mut dict = Dictionary::new();
                dict.set("Filter", Object::Name(b"ASCII85Decode".to_vec()));
                Stream::new(dict, data.to_vec())
                    .decompressed_content()
                    .unwrap_or_default()
            }
            _ => break,
        });
        if data.len() > limit {
            return None;
        }
    }
    (data.len() <= limit).then_some(data)
}

thread_local! {
    /// One zlib and one raw-deflate state for every stream of a file: a file can hold
    /// 100,000 small streams, and a fresh decoder zeroes its buffers each time.
    static INFLATERS: RefCell<(Decompress, Decompress)> =
        RefCell::new((Decompress::new(true), Decompress::new(false)));
}

/// `data` inflated as zlib, or as raw deflate when the zlib header is damaged and
/// nothing came out (as lopdf does); `None` past `limit` bytes.
fn inflate(data: &[u8], limit: usize) -> Option<Vec<u8>> {
    INFLATERS.with(|inflaters| {
        let (zlib, raw) = &mut *inflaters.borrow_mut();
        match inflate_with(zlib, true, data, limit) {
            Err(out) if out.is_empty() && data.len() > 2 => {
                inflate_with(raw, false, &data[2..], limit).unwrap_or_else(Some)
            }
            done => done.unwrap_or_else(Some),
        }
    })
}

/// `Ok(None)` past `limit` bytes; `Err` with what came out before an error in the data.
fn inflate_with(
    inflater: &mut Decompress,
    zlib_header: bool,
    data: &[u8],
    limit: usize,
) -> Result<Option<Vec<u8>>, Vec<u8>> {
    inflater.reset(zlib_header);
    let mut out = Vec::new();
    let mut chunk = [0u8; 16 * 1024];
    loop {
        let (read, written) = (inflater.total_in(), inflater.total_out());
        let rest = data.get(read as usize..).unwrap_or_default();
        let status = inflater.decompress(rest, &mut chunk, FlushDecompress::None);
        let produced = (inflater.total_out() - written) as usize;
        out.extend_from_slice(&chunk[..produced]);
        if out.len() > limit {
            return Ok(None);
        }
        match status {
            Ok(Status::StreamEnd) => return Ok(Some(out)),
            Ok(_) if produced == 0 && inflater.total_in() == read => return Ok(Some(out)),
            Ok(_) => {}
            Err(_) => return Err(out),
        }
    }
}

fn unlzw(data: &[u8], early_change: bool, limit: usize) -> Option<Vec<u8>> {
    use weezl::{decode::Decoder, BitOrder};
    let mut decoder = if early_change {
        Decoder::with_tiff_size_switch(BitOrder::Msb, 8)
    } else {
        Decoder::new(BitOrder::Msb, 8)
    };
    let mut out = Capped {
        out: Vec::new(),
        limit,
    };
    let _ = decoder.into_stream(&mut out).decode_all(data);
    (out.out.len() <= limit).then_some(out.out)
}

/// A writer that takes at most `limit` bytes (one more, to tell "at" from "past").
struct Capped {
    out: Vec<u8>,
    limit: usize,
}

impl Write for Capped {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let room = (self.limit + 1).saturating_sub(self.out.len());
        if room == 0 {
            return Err(io::Error::other("over the limit"));
        }
        let n = buf.len().min(room);
        self.out.extend_from_slice(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
pub(super) mod tests {
    use std::io::Write;

    use super::*;

    /// A PDF file of `objects`, numbered from 1; object 1 is the catalog.
    pub fn pdf(objects: &[Vec<u8>]) -> Vec<u8> {
        let mut out = b"%PDF-1.4\n".to_vec();
        let mut offsets = Vec::new();
        for (i, object) in objects.iter().enumerate() {
            offsets.push(out.len());
            out.extend(format!("{} 0 obj\n", i + 1).bytes());
            out.extend(object);
            out.extend(b"\nendobj\n");
        }
        let xref = out.len();
        out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).bytes());
        for offset in offsets {
            out.extend(format!("{offset:010} 00000 n \n").bytes());
        }
        out.extend(
            format!(
                "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
                objects.len() + 1
            )
            .bytes(),
        );
        out
    }

    /// A stream object of `dict` entries and `content`.
    fn stream(dict: &str, content: &[u8]) -> Vec<u8> {
        let mut out = format!("<< {dict} /Length {} >>\nstream\n", content.len()).into_bytes();
        out.extend(content);
        out.extend(b"\nendstream");
        out
    }

    /// Catalog, page tree and font: the objects every test file starts with (1 to 3).
    fn head(kids: &[usize]) -> Vec<Vec<u8>> {
        let kids: Vec<String> = kids.iter().map(|k| format!("{k} 0 R")).collect();
        vec![
            b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
            format!(
                "<< /Type /Pages /Kids [{}] /Count {} >>",
                kids.join(" "),
                kids.len()
            )
            .into_bytes(),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec(),
        ]
    }

    /// A page (object `contents - 1`) drawing the stream object `contents`, with
    /// `xobjects` as its named XObjects.
    fn page(contents: usize, xobjects: &str) -> Vec<u8> {
        format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] \
             /Resources << /Font << /F1 3 0 R >> /XObject << {xobjects} >> >> /Contents {contents} 0 R >>"
        )
        .into_bytes()
    }

    /// A PDF of `pages` pages, each showing `line` in Helvetica.
    pub fn pdf_of(pages: usize, line: &str) -> Vec<u8> {
        let kids: Vec<usize> = (0..pages).map(|p| 4 + 2 * p).collect();
        let mut objects = head(&kids);
        for _ in 0..pages {
            objects.push(page(objects.len() + 2, ""));
            objects.push(stream(
                "",
                format!("BT /F1 12 Tf 72 720 Td ({line}) Tj ET").as_bytes(),
            ));
        }
        pdf(&objects)
    }

    fn zlib(data: &[u8]) -> Vec<u8> {
        let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        encoder.write_all(data).unwrap();
        encoder.finish().unwrap()
    }

    #[test]
    fn a_stream_that_inflates_past_the_budget_is_refused() {
        let bomb = zlib(&vec![b' '; MAX_INFLATED_BYTES + 1]);
        assert!(bomb.len() < MAX_INFLATED_BYTES / 500, "a small file");
        let mut objects = head(&[4]);
        objects.push(page(5, ""));
        objects.push(stream("/Filter /FlateDecode", &bomb));
        let err = load(&pdf(&objects)).unwrap_err();
        assert!(err.to_string().contains("expand to more than"), "{err}");
        // One byte less is read.
        let mut objects = head(&[4]);
        objects.push(page(5, ""));
        let mut content = b"BT /F1 12 Tf 72 720 Td (Still here.) Tj ET".to_vec();
        content.resize(MAX_INFLATED_BYTES, b' ');
        objects.push(stream("/Filter /FlateDecode", &zlib(&content)));
        assert!(load(&pdf(&objects)).is_ok());
    }

    #[test]
    fn bounded_decoders_measure_flate_lzw_and_ascii85_chains() {
        let text = b"BT /F1 12 Tf 72 720 Td (Hello.) Tj ET".repeat(100);
        let flate = Stream::new(
            Dictionary::from_iter([("Filter", Object::Name(b"FlateDecode".to_vec()))]),
            zlib(&text),
        );
        assert_eq!(
            decoded(&flate, text.len()).map(|d| d.len()),
            Some(text.len())
        );
        assert_eq!(decoded(&flate, text.len() - 1).map(|d| d.len()), None);
        // LZW (as TIFF and PDF write it: MSB first, the code size growing one code early).
        let lzw = weezl::encode::Encoder::with_tiff_size_switch(weezl::BitOrder::Msb, 8)
            .encode(&text)
            .unwrap();
        let lzw = Stream::new(
            Dictionary::from_iter([("Filter", Object::Name(b"LZWDecode".to_vec()))]),
            lzw,
        );
        assert_eq!(decoded(&lzw, text.len()).map(|d| d.len()), Some(text.len()));
        assert_eq!(decoded(&lzw, 100).map(|d| d.len()), None);
        // "z" is four zero bytes: ASCII85 then Flate, as old producers write.
        let chained = Stream::new(
            Dictionary::from_iter([(
                "Filter",
                Object::Array(vec![
                    Object::Name(b"ASCII85Decode".to_vec()),
                    Object::Name(b"FlateDecode".to_vec()),
                ]),
            )]),
            ascii85(&zlib(&text)),
        );
        assert_eq!(
            decoded(&chained, 1 << 20).map(|d| d.len()),
            Some(text.len())
        );
    }

    /// ASCII85 without the "z" shorthand, ending in "~>".
    fn ascii85(data: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        for chunk in data.chunks(4) {
            let mut word = [0u8; 4];
            word[..chunk.len()].copy_from_slice(chunk);
            let mut n = u32::from_be_bytes(word);
            let mut digits = [0u8; 5];
            for d in digits.iter_mut().rev() {
                *d = (n % 85) as u8 + b'!';
                n /= 85;
            }
            out.extend(&digits[..chunk.len() + 1]);
        }
        out.extend(b"~>");
        out
    }

    /// A file whose objects 4 and on are `objects`, with the catalog and page tree as
    /// objects 1 and 2, and the font (object 3) inside the object stream `font_in`, so it
    /// needs a cross-reference stream (object `objects.len() + 4`).
    fn pdf_with_font_in_object_stream(objects: &[Vec<u8>], font_in: usize) -> Vec<u8> {
        pdf_with_object_stream(objects, font_in, "")
    }

    /// As [`pdf_with_font_in_object_stream`], with `trailer` added to the trailer's
    /// entries (those of the cross-reference stream).
    fn pdf_with_object_stream(objects: &[Vec<u8>], font_in: usize, trailer: &str) -> Vec<u8> {
        let head = head(&[4]);
        let mut file = b"%PDF-1.5\n".to_vec();
        let mut rows = vec![[0u8; 6]];
        let entry = |kind: u8, field: usize, index: u8| {
            let f = (field as u32).to_be_bytes();
            [kind, f[0], f[1], f[2], f[3], index]
        };
        for (number, object) in (1..).zip(head[..2].iter().chain(None).chain(objects)) {
            if number == 3 {
                rows.push(entry(2, font_in, 0));
            }
            let number = if number >= 3 { number + 1 } else { number };
            rows.push(entry(1, file.len(), 0));
            file.extend(format!("{number} 0 obj\n").bytes());
            file.extend(object);
            file.extend(b"\nendobj\n");
        }
        let xref_at = file.len();
        let xref_number = rows.len();
        rows.push(entry(1, xref_at, 0));
        let data = rows.concat();
        file.extend(
            format!(
                "{xref_number} 0 obj\n<< /Type /XRef /Size {} /W [1 4 1] /Root 1 0 R {trailer} /Length {} >>\nstream\n",
                rows.len(),
                data.len()
            )
            .bytes(),
        );
        file.extend(&data);
        file.extend(format!("\nendstream\nendobj\nstartxref\n{xref_at}\n%%EOF\n").bytes());
        file
    }

    #[test]
    fn images_are_emptied_and_fonts_inside_object_streams_still_read() {
        let font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>";
        let mut object_stream = b"3 0 ".to_vec();
        object_stream.extend(font);
        let objects = [
            page(5, "/Im1 6 0 R"),
            stream(
                "",
                b"BT /F1 12 Tf 72 720 Td (The photo shows the quay.) Tj ET q 10 0 0 10 0 0 cm /Im1 Do Q",
            ),
            stream(
                "/Type /XObject /Subtype /Image /Width 10 /Height 10 /ColorSpace /DeviceRGB \
                 /BitsPerComponent 8 /Filter /FlateDecode",
                &zlib(&[7u8; 300]),
            ),
            stream("/Type /ObjStm /N 1 /First 4", &object_stream),
        ];
        let file = pdf_with_font_in_object_stream(&objects, 7);

        let doc = load(&file).unwrap();
        let image = doc.get_object((6, 0)).unwrap().as_stream().unwrap();
        assert!(image.content.is_empty() && image.dict.get(b"Filter").is_err());
        assert!(
            doc.get_object((3, 0)).unwrap().as_dict().is_ok(),
            "the font"
        );
        let read = super::super::pdf::read(&file).unwrap();
        let texts: Vec<&str> = read.blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(texts, ["The photo shows the quay."]);
    }

    #[test]
    fn values_are_counted_in_pdf_syntax() {
        let source =
            b"1 0 obj << /Type /Page /Kids [3 0 R 4 0 R] /Title (A (nested) string\\) here) \
            /Hex <414243> /N/M >> % a comment [1 2 3]\nendobj";
        // 1 0 obj << /Type /Page /Kids [ 3 0 R 4 0 R /Title (..) /Hex <..> /N /M endobj
        assert_eq!(count_values(source, true).parsed, 21);
        let with_stream = b"5 0 obj << /Length 9 >> stream\n1 2 3 4 5\nendstream endobj";
        assert_eq!(count_values(with_stream, true).parsed, 8);
        assert_eq!(count_values(b"1 2 3 4 5", false).parsed, 5);
        // The most from one `obj` keyword to the next: the array, its four numbers,
        // `endobj` (and the next object's number, which comes before its keyword).
        let two = b"1 0 obj 7 endobj 2 0 obj [1 2 3 4] endobj";
        let values = count_values(two, true);
        assert_eq!((values.parsed, values.largest), (14, 6));
    }

    #[test]
    fn a_file_of_too_many_values_is_refused() {
        let refused_at = |values: usize| {
            let mut objects = head(&[4]);
            objects.push(page(5, ""));
            objects.push(stream("", b"BT /F1 12 Tf 72 720 Td (Hi.) Tj ET"));
            objects.push(format!("[{}]", "0 ".repeat(values)).into_bytes());
            match load(&pdf(&objects)) {
                Err(ErrorKind::TooLarge {
                    unit: "PDF values",
                    limit,
                    ..
                }) => Some(limit as usize),
                Err(e) => panic!("{e}"),
                Ok(_) => None,
            }
        };
        // Before lopdf parses them, and after, when they would all be kept in memory.
        assert_eq!(refused_at(MAX_PARSED_VALUES), Some(MAX_PARSED_VALUES));
        assert_eq!(refused_at(MAX_KEPT_VALUES), Some(MAX_KEPT_VALUES));
        assert_eq!(refused_at(1000), None);
    }

    #[test]
    fn the_structure_tree_of_a_tagged_pdf_is_not_kept() {
        let mut objects = head(&[4]);
        objects[0] = b"<< /Type /Catalog /Pages 2 0 R /StructTreeRoot 6 0 R >>".to_vec();
        objects.push(page(5, ""));
        objects.push(stream("", b"BT /F1 12 Tf 72 720 Td (Tagged text.) Tj ET"));
        objects.push(b"<< /Type /StructTreeRoot /K [7 0 R] >>".to_vec());
        objects.push(b"<< /Type /StructElem /S /P /P 6 0 R /Pg 4 0 R /K 0 >>".to_vec());
        let file = pdf(&objects);
        let doc = load(&file).unwrap();
        assert!(doc.get_object((7, 0)).is_err(), "the element is dropped");
        assert!(doc.get_object((6, 0)).is_ok());
        let read = super::super::pdf::read(&file).unwrap();
        assert_eq!(read.blocks[0].text, "Tagged text.");
    }

    #[test]
    fn a_page_drawn_with_too_many_operators_is_emptied_and_the_others_read() {
        let mut objects = head(&[4, 6]);
        objects.push(page(5, ""));
        objects.push(stream(
            "/Filter /FlateDecode",
            &zlib(&b"1 1 m 2 2 l S\n".repeat(MAX_PAGE_VALUES / 7 + 1)),
        ));
        objects.push(page(7, ""));
        objects.push(stream(
            "",
            b"BT /F1 12 Tf 72 720 Td (The map is on page one.) Tj ET",
        ));
        let file = pdf(&objects);
        let doc = load(&file).unwrap();
        let drawing = doc.get_object((5, 0)).unwrap().as_stream().unwrap();
        assert!(drawing.content.is_empty());
        let read = super::super::pdf::read(&file).unwrap();
        let texts: Vec<&str> = read.blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(texts, ["The map is on page one."]);
    }

    /// The file identifier of the encrypted test files.
    const FILE_ID: &[u8; 16] = b"parallax-test-id";

    /// RC4 encryption with a 128-bit key and the empty user password (revision 3), as
    /// many producers write "protected" PDFs that open without a password.
    fn rc4_encryption() -> pdf_extract::EncryptionState {
        let mut document = Document::with_version("1.5");
        let id = Object::String(FILE_ID.to_vec(), pdf_extract::StringFormat::Hexadecimal);
        document
            .trailer
            .set("ID", Object::Array(vec![id.clone(), id]));
        pdf_extract::EncryptionState::try_from(pdf_extract::EncryptionVersion::V2 {
            document: &document,
            owner_password: "owner",
            user_password: "",
            key_length: 128,
            permissions: pdf_extract::Permissions::all(),
        })
        .unwrap()
    }

    /// `content` encrypted for object `number` as a stream of `dict` entries.
    fn sealed_stream(
        state: &pdf_extract::EncryptionState,
        number: u32,
        dict: &str,
        content: &[u8],
    ) -> Vec<u8> {
        let mut object = Object::Stream(Stream::new(Dictionary::new(), content.to_vec()));
        pdf_extract::encryption::encrypt_object(state, (number, 0), &mut object).unwrap();
        stream(dict, &object.as_stream().unwrap().content)
    }

    /// An encrypted file whose page (object 4) draws `text` in the font (object 3) that
    /// stands in an object stream (object 6) of `filter` entries, its decoded content
    /// being the font followed by `padding`.
    fn encrypted_pdf(
        text: &str,
        filter: &str,
        encode: fn(&[u8]) -> Vec<u8>,
        padding: &[u8],
    ) -> Vec<u8> {
        let state = rc4_encryption();
        let hex = |bytes: &[u8]| bytes.iter().map(|b| format!("{b:02x}")).collect::<String>();
        let mut members = b"3 0 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> ".to_vec();
        members.extend(padding);
        let objects = [
            page(5, ""),
            sealed_stream(
                &state,
                5,
                "",
                format!("BT /F1 12 Tf 72 720 Td ({text}) Tj ET").as_bytes(),
            ),
            sealed_stream(
                &state,
                6,
                &format!("/Type /ObjStm /N 1 /First 4 {filter}"),
                &encode(&members),
            ),
            format!(
                "<< /Filter /Standard /V 2 /R 3 /Length 128 /O <{}> /U <{}> /P {} >>",
                hex(state.owner_value()),
                hex(state.user_value()),
                state.permissions().bits() as u32 as i32
            )
            .into_bytes(),
        ];
        let trailer = format!("/Encrypt 7 0 R /ID [<{0}> <{0}>]", hex(FILE_ID));
        pdf_with_object_stream(&objects, 6, &trailer)
    }

    #[test]
    fn an_encrypted_files_object_streams_are_read_within_the_limits() {
        let file = encrypted_pdf("Sealed text.", "/Filter /FlateDecode", zlib, b"");
        let read = super::super::pdf::read(&file).unwrap();
        assert_eq!(read.blocks[0].text, "Sealed text.");
        // lopdf would inflate this object stream whole while it loads the file.
        let padding = vec![b' '; MAX_INFLATED_BYTES];
        let bomb = encrypted_pdf("Sealed text.", "/Filter /FlateDecode", zlib, &padding);
        assert!(bomb.len() < MAX_INFLATED_BYTES / 500, "a small file");
        let err = load(&bomb).unwrap_err();
        assert!(err.to_string().contains("expand to more than"), "{err}");
        // What lopdf makes of it alone, and with the keys hidden.
        let object_stream = |file: &[u8]| {
            let doc = Document::load_mem(file).unwrap();
            let stream = doc.get_object((6, 0)).unwrap().as_stream().unwrap();
            stream.content.len()
        };
        assert!(object_stream(&bomb) > MAX_INFLATED_BYTES);
        assert!(object_stream(&disarm_stream_keys(&bomb)) < MAX_INFLATED_BYTES / 500);
        // Nor may the keys hide behind escapes, nor the values in an object stream
        // outnumber what may be kept.
        let escaped = encrypted_pdf("Sealed text.", "/Fil#74er /FlateDecode", zlib, &padding);
        assert!(load(&escaped).is_err());
        let values = format!("[{}]", "0 ".repeat(MAX_KEPT_VALUES));
        let many = encrypted_pdf(
            "Sealed text.",
            "/Filter /FlateDecode",
            zlib,
            values.as_bytes(),
        );
        assert!(matches!(
            load(&many),
            Err(ErrorKind::TooLarge {
                unit: "PDF values",
                ..
            })
        ));
    }

    #[test]
    fn an_object_stream_of_more_values_than_may_be_kept_is_refused_before_it_is_parsed() {
        let mut members = b"3 0 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> ".to_vec();
        members.extend(format!("[{}]", "0 ".repeat(MAX_KEPT_VALUES)).bytes());
        let objects = [
            page(5, ""),
            stream("", b"BT /F1 12 Tf 72 720 Td (Plain text.) Tj ET"),
            stream(
                "/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode",
                &zlib(&members),
            ),
        ];
        let err = load(&pdf_with_font_in_object_stream(&objects, 6)).unwrap_err();
        assert!(
            matches!(err, ErrorKind::TooLarge { unit: "PDF values", limit, .. } if limit == MAX_KEPT_VALUES as u64),
            "{err}"
        );
    }

    #[test]
    fn stream_keys_are_hidden_from_lopdf_and_put_back() {
        let file = b"5 0 obj << /Type /ObjStm /N 1 /Fil#74er /FlateDecode /First 4 /Length 3 >>\n\
            stream\nabc\nendstream endobj\n\
            6 0 obj << /Type /XRef /W [1 4 1] /Filter /FlateDecode /Length 3 >> stream\nabc\nendstream endobj\n\
            7 0 obj << /Filter /Standard /V 2 >> endobj\n\
            8 0 obj << /Type /Outlines /First 9 0 R >> endobj";
        let disarmed = disarm_stream_keys(file);
        assert_eq!(disarmed.len(), file.len());
        let text = String::from_utf8_lossy(&disarmed);
        assert!(text.contains("/F~~~~~~~ /FlateDecode /R~~~~ 4"), "{text}");
        // The cross-reference stream, the security handler and an outline keep theirs.
        assert!(text.contains("/W [1 4 1] /Filter /FlateDecode"), "{text}");
        assert!(text.contains("<< /Filter /Standard"), "{text}");
        assert!(text.contains("/Outlines /First 9 0 R"), "{text}");
        let mut dict = Dictionary::from_iter([
            ("F~~~~~~~", Object::Name(b"FlateDecode".to_vec())),
            ("R~~~~", Object::Integer(4)),
        ]);
        restore_stream_keys(&mut dict);
        assert_eq!(
            dict.get(b"Filter").unwrap().as_name().unwrap(),
            b"FlateDecode"
        );
        assert_eq!(dict.get(b"First").unwrap().as_i64().unwrap(), 4);
    }
}
