"""Biography text -> draft itinerary, as a pipeline of small stages (see :mod:`geo.extract`).

Data flows one way:

====================  ==============================================================
:mod:`.document`      headings, periods, paragraphs, sentences; captions and references
:mod:`.analysis`      the analysed text the later stages share (words, subject, persons)
:mod:`.people`        the subject's names and pronouns, other persons, agents of clauses
:mod:`.recognise`     which gazetteer matches are place names here, with reasons
:mod:`.visits`        visit or mere mention: cue, agent, vetoes
:mod:`.timex`         dates per sentence, running date, ages, spans
:mod:`.geography`     choosing a candidate, distances, inside an area
:mod:`.stops`         grouping visits into stops, folding regions, closing stays
:mod:`.draft`         Draft, Stop, Mention, Visit and the CSV files
:mod:`.pipeline`      :func:`extract`, wiring the stages together
====================  ==============================================================
"""
