"""geo.itinerary: loading, validation messages, periods and selection."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from common import HEADER, SMALL_ROWS, small_csv, write

from geo.errors import ItineraryError, PeriodNotFound
from geo.itinerary import COLUMNS, KINDS, Itinerary, Problem, slugify


def load(tmp_path: Path, text: str | bytes) -> Itinerary:
    return Itinerary.from_csv(write(tmp_path / "it.csv", text))


def problems_of(tmp_path: Path, text: str | bytes) -> list[str]:
    with pytest.raises(ItineraryError) as info:
        load(tmp_path, text)
    lines = str(info.value).splitlines()
    assert len(lines) == len(info.value.problems)
    return lines


def test_small_itinerary_loads(tmp_path: Path) -> None:
    it = load(tmp_path, small_csv())
    assert len(it) == 3
    assert list(it.df.columns) == list(COLUMNS)
    assert it.df["stop"].tolist() == [1, 2, 3]
    assert it.df["lat"].dtype == "float64"
    assert repr(it) == "Itinerary(3 stops, 1879–1940, 2 periods)"
    assert it.get_date_labels() == ["7 Nov 1879 – c. 1888", "c. 1888 – 1896",
                                    "Jan 1937 – 20 Aug 1940"]


def test_optional_columns_may_be_absent(tmp_path: Path) -> None:
    text = "stop,place,lat,lon,start,kind\n1,Vienna,48.2,16.37,1907-10,residence\n"
    it = load(tmp_path, text)
    assert it.df.loc[0, "summary"] == "" and it.df.loc[0, "end"] == ""


def test_extra_columns_are_kept(tmp_path: Path) -> None:
    rows = [r + ",0.9" for r in SMALL_ROWS]
    it = load(tmp_path, small_csv(rows, HEADER + ",confidence"))
    assert list(it.df.columns)[-1] == "confidence"


@pytest.mark.parametrize(
    ("row_edit", "expected"),
    [
        (("47.985", "123"), "row 2, column 'lat': '123' is not a latitude"),
        (("32.3", "200"), "row 2, column 'lon': '200' is not a longitude"),
        (("47.985", "north"), "row 2, column 'lat': 'north' is not a latitude"),
        (("47.985", ""), "row 2, column 'lat': '' is blank"),
        (("1879-11-07", "spring 1902"), "row 2, column 'start': 'spring 1902' is not a date"),
        (("1888~", "1870"), "row 2, column 'end': '1870' is before the start '1879-11-07'"),
        (("birth", "vacation"), "row 2, column 'kind': 'vacation' is not a kind"),
        (("UA,47.985", "Ukraine,47.985"), "row 2, column 'country': 'Ukraine' is not an ISO"),
        (("1,Yanovka", "one,Yanovka"), "row 2, column 'stop': 'one' is not a stop number"),
        (("1,Yanovka", "0,Yanovka"), "row 2, column 'stop': '0' is not a stop number"),
        (("1,Yanovka", "1,"), "row 2, column 'place': '' is blank"),
    ],
)
def test_bad_values_name_file_row_column_and_value(tmp_path: Path, row_edit: tuple[str, str],
                                                   expected: str) -> None:
    old, new = row_edit
    rows = [SMALL_ROWS[0].replace(old, new, 1), *SMALL_ROWS[1:]]
    (line,) = problems_of(tmp_path, small_csv(rows))
    assert line.startswith(str(tmp_path / "it.csv") + ", ")
    assert expected in line


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    rows = [SMALL_ROWS[0].replace("47.985", "123"),
            SMALL_ROWS[1].replace("school", "holiday"),
            SMALL_ROWS[2].replace("1937-01", "someday")]
    lines = problems_of(tmp_path, small_csv(rows))
    assert [ln.split(", ")[1] for ln in lines] == ["row 2", "row 3", "row 4"]


def test_duplicate_and_out_of_order_stops(tmp_path: Path) -> None:
    rows = [SMALL_ROWS[0], SMALL_ROWS[1].replace("2,Odessa", "1,Odessa"), SMALL_ROWS[2]]
    (line,) = problems_of(tmp_path, small_csv(rows))
    assert "row 3, column 'stop': '1' is a duplicate stop number (also on row 2)" in line
    rows = [SMALL_ROWS[1], SMALL_ROWS[0], SMALL_ROWS[2]]
    (line,) = problems_of(tmp_path, small_csv(rows))
    assert "row 3, column 'stop': '1' is out of order" in line


def test_missing_column(tmp_path: Path) -> None:
    header = HEADER.replace(",lat,", ",latitude,")
    (line,) = problems_of(tmp_path, small_csv(header=header))
    assert "row 1, column 'lat': column is missing" in line


def test_empty_and_header_only_files(tmp_path: Path) -> None:
    (line,) = problems_of(tmp_path, "")
    assert line == f"{tmp_path / 'it.csv'}: is empty; expected a header row with the columns " \
                   "stop, place, lat, lon, start, kind"
    (line,) = problems_of(tmp_path, HEADER + "\n")
    assert line.endswith("has a header but no stops")


def test_non_utf8_bytes_name_the_row(tmp_path: Path) -> None:
    data = small_csv().encode("utf-8").replace(b"Odessa", "Odessa\xe9".encode("latin-1"))
    (line,) = problems_of(tmp_path, data)
    assert "row 3" in line and "\\xe9" in line and "not UTF-8" in line


def test_malformed_csv(tmp_path: Path) -> None:
    rows = [*SMALL_ROWS, '4,"unterminated,1,2,1900,,birth']
    lines = problems_of(tmp_path, small_csv(rows))
    assert any("not well-formed CSV" in ln or "row 5" in ln for ln in lines)


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(ItineraryError, match="file not found"):
        Itinerary.from_csv(tmp_path / "nope.csv")
    with pytest.raises(ItineraryError, match="is a folder"):
        Itinerary.from_csv(tmp_path)


def test_problem_str_without_row() -> None:
    assert str(Problem("f.csv", None, None, None, "is empty")) == "f.csv: is empty"


def test_periods_and_selection(tmp_path: Path) -> None:
    it = load(tmp_path, small_csv())
    periods = it.get_periods()
    assert [(p.name, p.slug, p.label, p.stops) for p in periods] == [
        ("Childhood", "childhood", "1879–1896", (1, 2)),
        ("Exile in Mexico", "exile-in-mexico", "1937–1940", (3,)),
    ]
    assert it.get_period("EXILE IN MEXICO").slug == "exile-in-mexico"
    assert it.stops_in_period("exile-in-mexico").df["place"].tolist() == ["Coyoacán"]
    with pytest.raises(PeriodNotFound, match="childhood, exile-in-mexico"):
        it.get_period("Siberian exile")
    assert it.between_years(1890, 1895).df["stop"].tolist() == [2]
    assert it.between_years(1888, None).df["stop"].tolist() == [1, 2, 3]
    assert it.between_years(None, 1887).df["stop"].tolist() == [1]
    assert len(it.between_years(1900, 1930)) == 0
    assert it.select(["childhood"], 1889).df["stop"].tolist() == [2]
    with pytest.raises(ValueError, match="before"):
        it.between_years(1930, 1900)


def test_selection_keeps_dates_aligned(tmp_path: Path) -> None:
    it = load(tmp_path, small_csv()).stops_in_period("exile-in-mexico")
    assert [d.text for d in it.get_start_dates()] == ["1937-01"]
    assert it.get_time_span()[1].text == "1940-08-20"


def test_blank_period_belongs_to_none(tmp_path: Path) -> None:
    rows = [SMALL_ROWS[0].replace(",Childhood,", ",,"), *SMALL_ROWS[1:]]
    it = load(tmp_path, small_csv(rows))
    assert [p.stops for p in it.get_periods()] == [(2,), (3,)]


def test_write_csv_round_trips(tmp_path: Path) -> None:
    it = load(tmp_path, small_csv())
    out = it.write_csv(tmp_path / "sub" / "copy.csv")
    again = Itinerary.from_csv(out)
    pd.testing.assert_frame_equal(it.df, again.df)
    assert not list((tmp_path / "sub").glob(".*tmp"))


def test_frame_constructor_validates() -> None:
    frame = pd.DataFrame({"stop": [1], "place": ["Paris"], "lat": [48.85], "lon": [2.35],
                          "start": ["1915"], "kind": ["nap"]})
    with pytest.raises(ItineraryError, match="<frame>, row 2, column 'kind'"):
        Itinerary(frame)


@pytest.mark.parametrize(("name", "slug"), [("Civil war", "civil-war"),
                                            ("Exile in Alma-Ata", "exile-in-alma-ata"),
                                            ("  Büyükada  ", "buyukada"), ("", "")])
def test_slugify(name: str, slug: str) -> None:
    assert slugify(name) == slug


# -- the real dataset -------------------------------------------------------------------
def test_dataset_is_valid_and_complete(places_csv: Path) -> None:
    it = Itinerary.from_csv(places_csv)
    df = it.df
    assert len(df) >= 50
    assert df["stop"].tolist() == list(range(1, len(df) + 1))
    assert set(df["kind"]) <= set(KINDS)
    assert (df["summary"] != "").all() and (df["source"] != "").all()
    assert (df["geo_source"] != "").all() and (df["period"] != "").all()
    first, last = df.iloc[0], df.iloc[-1]
    assert (first["place"], first["start"], first["kind"]) == ("Yanovka", "1879-11-07", "birth")
    assert (last["place"], last["start"], last["kind"]) == ("Mexico City", "1940-08-21", "death")


def test_dataset_is_in_time_order(places_csv: Path) -> None:
    it = Itinerary.from_csv(places_csv)
    starts = it.get_start_dates()
    for i in range(1, len(starts)):
        # A stop may not begin for certain before the previous one could have begun.
        assert starts[i].latest() >= starts[i - 1].earliest(), (i + 1, starts[i].text)


def test_dataset_traps(places_csv: Path) -> None:
    df = Itinerary.from_csv(places_csv).df.set_index("stop")
    by_place = {p: g for p, g in df.groupby("place")}
    nik = by_place["Nikolayev"].iloc[0]
    assert abs(nik["lat"] - 46.97) < 0.1 and abs(nik["lon"] - 31.99) < 0.1  # the big Mykolaiv
    amherst = by_place["Amherst"].iloc[0]
    assert amherst["country"] == "CA" and abs(amherst["lon"] + 64.2) < 0.2  # Nova Scotia
    yan = by_place["Yanovka"].iloc[0]
    assert yan["country"] == "UA" and 47.5 < yan["lat"] < 48.5 and 31.5 < yan["lon"] < 33
    prinkipo = by_place["Prinkipo"].iloc[0]
    assert prinkipo["modern_name"] == "Büyükada" and abs(prinkipo["lat"] - 40.86) < 0.03
    # Places he stayed at twice have two rows.
    assert len(by_place["Prinkipo"]) == 2 and len(by_place["Norderhov"]) == 2
    # Summaries are our own words; sources name a seed file.
    assert df["source"].str.contains(r"00[02]_[0-9a-f]{16}\.txt").all()


def test_atomic_write_uses_normal_file_mode(tmp_path: Path) -> None:
    import os

    from geo._io import write_text_atomic

    out = write_text_atomic(tmp_path / "m.html", "x")
    umask = os.umask(0)
    os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~umask


def _chapters(names: list[str]) -> Itinerary:
    n = len(names)
    return Itinerary(pd.DataFrame({
        "stop": list(range(1, n + 1)), "place": ["P"] * n, "lat": [1.0] * n,
        "lon": [2.0] * n, "kind": ["residence"] * n,
        "start": [str(1900 + i) for i in range(n)], "period": names}))


@pytest.mark.parametrize(("names", "slugs"), [
    (["Exile", "EXILE!", "exile?"], ["exile", "exile-2", "exile-3"]),
    (["Ссылка в Сибирь", "Εξορία", "流亡 墨西哥"], ["ссылка-в-сибирь", "εξορία", "流亡-墨西哥"]),
    (["?!", "—", "Home"], ["chapter-1", "chapter-2", "home"]),
    (["Café Zürich", "Cafe Zurich"], ["cafe-zurich", "cafe-zurich-2"]),
])
def test_chapter_slugs_are_unique_and_never_empty(names: list[str], slugs: list[str]) -> None:
    assert [p.slug for p in _chapters(names).get_periods()] == slugs


def test_period_selects_exactly_the_chapter_named() -> None:
    it = _chapters(["Exile", "EXILE!", "exile?"])
    assert it.get_period("EXILE!").name == "EXILE!"
    assert it.get_period("exile?").name == "exile?"
    assert it.get_period("Exile").name == "Exile"
    assert it.get_period("exile-2").name == "EXILE!"
    assert [p.name for p in it.select(["exile?"], None, None).get_periods()] == ["exile?"]
    assert it.get_period("EXILE").name == "Exile"  # one name in another case
    with pytest.raises(PeriodNotFound):
        _chapters(["Exile", "EXILE"]).get_period("eXile")  # two: say so, don't guess


# -- several people -----------------------------------------------------------------------
PEOPLE_HEADER = "person," + HEADER
TWO_PEOPLE = [
    '"Leon Trotsky",1,Yanovka,Bereslavka,UA,47.985,32.3,1879-11-07,1888~,birth,Childhood,'
    "Born.,a,manual",
    '"Vladimir Lenin",1,Simbirsk,Ulyanovsk,RU,54.32824,48.38657,1870-04-22,1887-08,birth,'
    "Childhood,Born.,b,manual",
    '"Leon Trotsky",2,Odessa,Odesa,UA,46.48572,30.74383,1888~,1896,school,Childhood,School.,'
    "a,manual",
    '"Vladimir Lenin",2,Kazan,Kazan,RU,55.78874,49.12214,1887-08,1887-12,school,Exile,'
    "Expelled.,b,manual",
]


def test_person_column_numbers_stops_per_person(tmp_path: Path) -> None:
    it = load(tmp_path, small_csv(TWO_PEOPLE, PEOPLE_HEADER))
    assert it.get_people() == ["Leon Trotsky", "Vladimir Lenin"]
    assert repr(it) == "Itinerary(2 people, 4 stops, 1870–1896, 3 periods)"
    assert it.df["stop"].tolist() == [1, 1, 2, 2]
    assert list(it.df.columns)[-1] == "person"
    lenin = it.for_person("Vladimir Lenin")
    assert lenin.df["place"].tolist() == ["Simbirsk", "Kazan"]
    assert [name for name, _ in it.by_person()] == ["Leon Trotsky", "Vladimir Lenin"]
    with pytest.raises(LookupError, match="no person 'Rosa Luxemburg'; people are: Leon"):
        it.for_person("Rosa Luxemburg")


def test_chapters_are_per_person(tmp_path: Path) -> None:
    it = load(tmp_path, small_csv(TWO_PEOPLE, PEOPLE_HEADER))
    periods = it.get_periods()
    assert [(p.person, p.name, p.stops) for p in periods] == [
        ("Vladimir Lenin", "Childhood", (1,)), ("Leon Trotsky", "Childhood", (1, 2)),
        ("Vladimir Lenin", "Exile", (2,))]
    assert [p.slug for p in periods] == ["vladimir-lenin-childhood", "leon-trotsky-childhood",
                                         "vladimir-lenin-exile"]
    # A name two people share is ambiguous: the message lists the slugs to choose from.
    with pytest.raises(PeriodNotFound, match="'Childhood' is a chapter of Vladimir Lenin, "
                       "Leon Trotsky; choose one by its slug: vladimir-lenin-childhood, "
                       "leon-trotsky-childhood"):
        it.get_period("Childhood")
    chapter = it.stops_in_period("leon-trotsky-childhood")
    assert chapter.df["place"].tolist() == ["Yanovka", "Odessa"]
    assert it.get_period("Exile").person == "Vladimir Lenin"  # one person's: found by name


def test_one_life_keeps_its_plain_slugs_and_no_person_column(tmp_path: Path) -> None:
    it = load(tmp_path, small_csv())
    assert it.get_people() == [] and "person" not in it.df.columns
    assert [p.slug for p in it.get_periods()] == ["childhood", "exile-in-mexico"]
    assert [p.person for p in it.get_periods()] == ["", ""]
    assert it.by_person()[0][0] == ""


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (lambda rows: [*rows[:2], rows[2].replace(",2,Odessa", ",1,Odessa"), *rows[3:]],
         "row 4, column 'stop': '1' is a duplicate stop number of 'Leon Trotsky' (also on "
         "row 2)"),
        (lambda rows: [rows[2], rows[1], rows[0], rows[3]],
         "row 4, column 'stop': '1' is out of order: it follows stop 2 of 'Leon Trotsky'"),
        (lambda rows: [rows[0].replace('"Leon Trotsky"', '""'), *rows[1:]],
         "row 2, column 'person': '' is blank; in a file with a person column every stop "
         "needs a person"),
    ],
)
def test_person_problems_name_file_row_and_person(tmp_path: Path, edit: object,
                                                  expected: str) -> None:
    lines = problems_of(tmp_path, small_csv(edit(TWO_PEOPLE), PEOPLE_HEADER))  # type: ignore[operator]
    assert any(line.endswith(expected) or expected in line for line in lines), lines
    assert all(line.startswith(str(tmp_path / "it.csv")) for line in lines)


def test_from_csvs_names_each_file_after_its_subject_or_stem(tmp_path: Path) -> None:
    a = write(tmp_path / "places.csv", small_csv())
    (tmp_path / "places.csv-metadata.json").write_text(
        '{"@context": "http://www.w3.org/ns/csvw", "dc:subject": "Leon Trotsky"}',
        encoding="utf-8")
    b = write(tmp_path / "rosa_luxemburg.csv", small_csv(SMALL_ROWS[:2]))
    it = Itinerary.from_csvs([a, b])
    assert it.get_people() == ["Leon Trotsky", "Rosa Luxemburg"]
    assert it.df["stop"].tolist() == [1, 2, 3, 1, 2]
    assert it.source == f"{a} + {b}"
    assert len(it.get_periods()) == 3
    # One file reads as from_csv: no person column is invented.
    assert "person" not in Itinerary.from_csvs([a]).df.columns
    # A round trip through CSV keeps the people.
    out = it.write_csv(tmp_path / "both.csv")
    assert Itinerary.from_csv(out).get_people() == ["Leon Trotsky", "Rosa Luxemburg"]


def test_from_csvs_reports_every_file_problem_at_once(tmp_path: Path) -> None:
    bad_a = write(tmp_path / "a.csv", small_csv([SMALL_ROWS[0].replace("47.985", "123")]))
    bad_b = write(tmp_path / "b.csv", small_csv([SMALL_ROWS[0].replace("birth", "holiday")]))
    with pytest.raises(ItineraryError) as info:
        Itinerary.from_csvs([bad_a, bad_b, tmp_path / "missing.csv"])
    lines = str(info.value).splitlines()
    assert lines == [
        f"{bad_a}, row 2, column 'lat': '123' is not a latitude (expected decimal degrees "
        "from -90 to 90, in digits 0-9 with a point)",
        f"{bad_b}, row 2, column 'kind': 'holiday' is not a kind; expected one of "
        + ", ".join(KINDS),
        f"{tmp_path / 'missing.csv'}: file not found",
    ]


def test_from_csvs_refuses_one_person_in_two_files(tmp_path: Path) -> None:
    a = write(tmp_path / "a.csv", small_csv(TWO_PEOPLE[:1], PEOPLE_HEADER))
    b = write(tmp_path / "b.csv", small_csv(TWO_PEOPLE[2:3], PEOPLE_HEADER))
    with pytest.raises(ItineraryError, match=r"b\.csv, column 'person': 'Leon Trotsky' is "
                       r"also the person of .*a\.csv; each life must come from one file"):
        Itinerary.from_csvs([a, b])


def test_broken_metadata_is_one_line_naming_it(tmp_path: Path) -> None:
    a = write(tmp_path / "a.csv", small_csv())
    b = write(tmp_path / "b.csv", small_csv())
    (tmp_path / "b.csv-metadata.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(ItineraryError, match=r"b\.csv-metadata\.json: is not a readable "
                       "JSON metadata file"):
        Itinerary.from_csvs([a, b])


def test_lenin_dataset_is_valid_sourced_and_crosses_trotsky(places_csv: Path) -> None:
    lenin_csv = places_csv.with_name("lenin.csv")
    lenin = Itinerary.from_csv(lenin_csv)
    df = lenin.df
    assert len(lenin) >= 40
    assert df["stop"].tolist() == list(range(1, len(lenin) + 1))
    for col in ("place", "modern_name", "summary", "source", "geo_source", "period"):
        assert (df[col] != "").all(), col
    assert df["geo_source"].str.match(r"^(geonames:\d+|alias:.+|manual)$").all()
    # Every manual point says why in its source.
    assert df.loc[df["geo_source"] == "manual", "source"].str.contains("approximate").all()
    starts = lenin.get_start_dates()
    for i in range(1, len(starts)):  # in time order
        assert starts[i].latest() >= starts[i - 1].earliest(), (i + 1, starts[i].text)
    assert df["kind"].iat[0] == "birth" and df["kind"].iat[-1] == "death"
    assert (df["start"].iat[0], df["start"].iat[-1]) == ("1870-04-22", "1924-01-21")
    # Summaries are our own single sentences, not pasted paragraphs.
    assert df["summary"].str.len().max() < 200
    # Where the two lives crossed: London 1902-03 and Petrograd 1917.
    both = Itinerary.from_csvs([places_csv, lenin_csv])
    assert both.get_people() == ["Leon Trotsky", "Vladimir Lenin"]
    for person in both.get_people():
        sub = both.for_person(person).between_years(1902, 1903)
        assert "London" in sub.df["place"].tolist(), person
        assert "Petrograd" in both.for_person(person).between_years(1917, 1917).df[
            "place"].tolist()
