import datetime as dt

import msgspec
import pytest

from reliability import Document, DocumentTooLarge, InputError, make_document
from reliability.document import check_size, decode_document, document_id


def test_minimal_document_gets_a_stable_id_from_normalised_text():
    a = make_document("Officials said on Monday that 40 people died.")
    b = make_document("Officials said on Monday that 40 people died.  \r\n")
    assert a.id == b.id and len(a.id) == 16
    assert make_document("Something else entirely.").id != a.id


def test_given_id_and_metadata_are_kept():
    doc = make_document(
        "Text.",
        id="abc",
        title="T",
        outlet="O",
        author="A",
        url="https://example.org/x",
        published="2025-11-03",
        language="en",
    )
    assert (doc.id, doc.title, doc.outlet, doc.published) == ("abc", "T", "O", "2025-11-03")
    assert doc.published_at == dt.date(2025, 11, 3)


def test_published_accepts_dates_and_datetimes():
    assert make_document("x", published=dt.date(2019, 3, 24)).published == "2019-03-24"
    d = make_document("x", published="2019-03-24T10:30:00Z")
    assert d.published_at == dt.datetime(2019, 3, 24, 10, 30, tzinfo=dt.UTC)


@pytest.mark.parametrize("text", ["", "   \n\t "])
def test_empty_text_is_refused(text):
    with pytest.raises(InputError, match="text is empty"):
        make_document(text)


@pytest.mark.parametrize("bad", ["2025-13-01", "yesterday", "03/11/2025"])
def test_invalid_dates_are_refused_with_the_field(bad):
    with pytest.raises(InputError, match="published"):
        make_document("Some text.", published=bad)


def test_unknown_fields_and_wrong_types_are_refused():
    with pytest.raises(InputError, match="unknown field `colour`"):
        decode_document(b'{"text": "x", "colour": "red"}')
    with pytest.raises(InputError, match=r"\$\.title"):
        decode_document(b'{"text": "x", "title": 5}')
    with pytest.raises(InputError, match="malformed JSON"):
        decode_document(b'{"text": ')


def test_size_limit_is_configurable():
    doc = make_document("é" * 600)  # 1,200 UTF-8 bytes
    check_size(doc, 1200)
    with pytest.raises(DocumentTooLarge, match="1,200 bytes; the limit is 1,000"):
        check_size(doc, 1000)


def test_document_round_trips_through_json():
    doc = make_document("Text here.", title="A title", published="2025-11-03")
    again = msgspec.json.decode(msgspec.json.encode(doc), type=Document)
    assert again == doc
    assert document_id("Text here.") == doc.id
