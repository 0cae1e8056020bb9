import spacy

from eventscope.nlp.paragraphs import mark_paragraph_breaks


def test_line_breaks_start_sentences():
    nlp = spacy.blank("en")
    doc = nlp.make_doc("Gunmen attack checkpoint\n\nKABUL - Gunmen attacked a post.\nPolice said so. Then more.")
    mark_paragraph_breaks(doc)
    starts = [t.text for t in doc if t.is_sent_start]
    assert "KABUL" in starts and "Police" in starts
    # no boundary forced inside a line
    assert not any(t.is_sent_start for t in doc if t.text in ("attacked", "Then"))


def test_pipeline_headline_is_its_own_sentence(pipeline):
    doc = pipeline("Gunmen attack checkpoint in Kabul\n\nKABUL - Gunmen attacked a police post on Tuesday.")
    sents = [s.text.strip() for s in doc.sents]
    assert sents[0] == "Gunmen attack checkpoint in Kabul"


def test_dateline_is_split_from_the_story():
    nlp = spacy.blank("en")
    doc = nlp.make_doc("HERAT, Afghanistan, 10 January 2025 - Dozens of women staged a protest - loudly.")
    mark_paragraph_breaks(doc)
    starts = [t.text for t in doc if t.is_sent_start]
    assert "Dozens" in starts and "loudly" not in starts
    plain = nlp.make_doc("Officials said the talks - held in Doha - went well.")
    mark_paragraph_breaks(plain)
    assert not any(t.is_sent_start for t in plain if t.i > 0)
