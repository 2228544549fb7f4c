"""Regenerate ``toponyms_dev.csv``: every place mention in the two seed texts, with its place.

The judgement lives in ``GOLD`` (which place a surface form means in these texts, chosen by
a person reading each context) and ``PATTERNS`` (surface forms, longest first). Person
names, newspapers, ships, publishers and adjectives that look like places (Lvov the
pseudonym, Kirov and Gorky the people, Kievskaya Mysl, Oxford University Press, "Russian")
are deliberately not patterns. Settlement points are the GeoNames points of the right
place (or, for villages GeoNames lacks, the published location); a country's point is its
capital today, a region's a representative point, as the gazetteer defines them.

Usage: ``python bench/data/make_toponyms_dev.py`` (writes the CSV beside this file).
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
if not SEEDS.exists():
    SEEDS = Path("/work/shared/seeds")
FILES = ("000_69cc800d3c4b830f.txt", "002_0e97a1d2e69cb4e7.txt")

# key: (place, lat, lon, country, feature)
GOLD = {
    "yanovka": ("Yanovka (Bereslavka)", 47.985, 32.30, "UA", "settlement"),
    "odessa": ("Odesa", 46.48572, 30.74383, "UA", "settlement"),
    "mykolaiv": ("Mykolaiv", 46.97625, 31.99296, "UA", "settlement"),
    "kherson": ("Kherson", 46.63695, 32.61458, "UA", "settlement"),
    "kherson province": ("Kherson Governorate", 47.0, 32.6, "UA", "region"),
    "moscow": ("Moscow", 55.75204, 37.61781, "RU", "settlement"),
    "ust-kut": ("Ust-Kut", 56.7979, 105.78657, "RU", "settlement"),
    "verkholensk": ("Verkholensk", 54.10, 105.567, "RU", "settlement"),
    "irkutsk region": ("Irkutsk Oblast", 54.0, 105.0, "RU", "region"),
    "london": ("London", 51.50853, -0.12574, "GB", "settlement"),
    "kyiv": ("Kyiv", 50.45466, 30.5238, "UA", "settlement"),
    "saint petersburg": ("Saint Petersburg", 59.93863, 30.31413, "RU", "settlement"),
    "berezov": ("Beryozovo", 63.93806, 65.04194, "RU", "settlement"),
    "obdorsk": ("Salekhard", 66.53373, 66.60955, "RU", "settlement"),
    "vienna": ("Vienna", 48.20849, 16.37208, "AT", "settlement"),
    "paris": ("Paris", 48.85341, 2.3488, "FR", "settlement"),
    "zimmerwald": ("Zimmerwald", 46.88091, 7.47713, "CH", "settlement"),
    "new york": ("New York City", 40.71427, -74.00597, "US", "settlement"),
    "bronx": ("The Bronx", 40.837, -73.886, "US", "settlement"),
    "new haven": ("New Haven", 41.30815, -72.92816, "US", "settlement"),
    "washington dc": ("Washington, D.C.", 38.89511, -77.03637, "US", "settlement"),
    "halifax": ("Halifax, Nova Scotia", 44.64269, -63.57688, "CA", "settlement"),
    "amherst": ("Amherst, Nova Scotia", 45.83345, -64.19874, "CA", "settlement"),
    "brest-litovsk": ("Brest", 52.10894, 23.71749, "BY", "settlement"),
    "ryazan": ("Ryazan", 54.62696, 39.70415, "RU", "settlement"),
    "kronstadt": ("Kronstadt", 59.992, 29.77616, "RU", "settlement"),
    "gatchina": ("Gatchina", 59.57639, 30.12833, "RU", "settlement"),
    "narva": ("Narva", 59.37722, 28.19028, "EE", "settlement"),
    "tula": ("Tula", 54.19609, 37.61822, "RU", "settlement"),
    "kaluga": ("Kaluga", 54.5293, 36.27542, "RU", "settlement"),
    "poltava": ("Poltava", 49.58925, 34.55367, "UA", "settlement"),
    "voronezh": ("Voronezh", 51.67204, 39.1843, "RU", "settlement"),
    "vladivostok": ("Vladivostok", 43.10562, 131.87353, "RU", "settlement"),
    "almaty": ("Almaty", 43.25249, 76.9115, "KZ", "settlement"),
    "istanbul": ("Istanbul", 41.01384, 28.94966, "TR", "settlement"),
    "buyukada": ("Büyükada", 40.858, 29.121, "TR", "island"),
    "royan": ("Royan", 45.62811, -1.03153, "FR", "settlement"),
    "barbizon": ("Barbizon", 48.44346, 2.60313, "FR", "settlement"),
    "norderhov": ("Norderhov", 60.139, 10.266, "NO", "settlement"),
    "honefoss": ("Hønefoss", 60.16804, 10.25647, "NO", "settlement"),
    "hurum": ("Hurum", 59.625, 10.44, "NO", "settlement"),
    "oslo": ("Oslo", 59.91273, 10.74609, "NO", "settlement"),
    "tampico": ("Tampico", 22.28519, -97.87777, "MX", "settlement"),
    "coyoacan": ("Coyoacán", 19.3467, -99.16174, "MX", "settlement"),
    "casa azul": ("La Casa Azul, Coyoacán", 19.3551, -99.1625, "MX", "address"),
    "avenida viena": ("Avenida Viena, Coyoacán", 19.3552, -99.1592, "MX", "address"),
    "mexico city": ("Mexico City", 19.42847, -99.12766, "MX", "settlement"),
    "warsaw": ("Warsaw", 52.22977, 21.01178, "PL", "settlement"),
    "prague": ("Prague", 50.08804, 14.42076, "CZ", "settlement"),
    "berlin": ("Berlin", 52.52437, 13.41053, "DE", "settlement"),
    "shanghai": ("Shanghai", 31.22222, 121.45806, "CN", "settlement"),
    "havana": ("Havana", 23.13302, -82.38304, "CU", "settlement"),
    # regions: representative points
    "siberia": ("Siberia", 60.0, 105.0, "RU", "region"),
    "urals": ("Urals", 56.84, 60.6, "RU", "region"),
    "caucasus": ("Caucasus", 43.0, 43.5, "", "region"),
    "balkans": ("Balkans", 43.3, 22.6, "", "region"),
    "rural finland": ("rural Finland", 61.17, 28.77, "FI", "region"),
    "nova scotia": ("Nova Scotia", 45.0, -63.0, "CA", "region"),
    "southern front": ("Southern Front", 51.67, 39.19, "RU", "region"),
    "eastern front": ("Eastern Front", 55.8, 49.1, "RU", "region"),
    "don": ("Don River region", 47.3, 40.0, "RU", "region"),
    "black sea": ("Black Sea", 43.0, 34.0, "", "region"),
    "vistula": ("Vistula (near Warsaw)", 52.2, 21.0, "PL", "region"),
    "europe": ("Europe", 48.69096, 9.14062, "", "continent"),
    # countries: today's capital
    "russia": ("Russia", 55.75204, 37.61781, "RU", "country"),
    "soviet union": ("Soviet Union", 55.75204, 37.61781, "RU", "country"),
    "ukraine": ("Ukraine", 50.45466, 30.5238, "UA", "country"),
    "belarus": ("Belarus", 53.9, 27.56667, "BY", "country"),
    "kazakhstan": ("Kazakhstan", 51.1801, 71.44598, "KZ", "country"),
    "estonia": ("Estonia", 59.43696, 24.75353, "EE", "country"),
    "finland": ("Finland", 60.16952, 24.93545, "FI", "country"),
    "poland": ("Poland", 52.22977, 21.01178, "PL", "country"),
    "germany": ("Germany", 52.52437, 13.41053, "DE", "country"),
    "austria": ("Austria", 48.20849, 16.37208, "AT", "country"),
    "austria-hungary": ("Austria-Hungary", 48.20849, 16.37208, "AT", "country"),
    "france": ("France", 48.85341, 2.3488, "FR", "country"),
    "spain": ("Spain", 40.4165, -3.70256, "ES", "country"),
    "switzerland": ("Switzerland", 46.94809, 7.44744, "CH", "country"),
    "norway": ("Norway", 59.91273, 10.74609, "NO", "country"),
    "denmark": ("Denmark", 55.67594, 12.56553, "DK", "country"),
    "belgium": ("Belgium", 50.85045, 4.34878, "BE", "country"),
    "italy": ("Italy", 41.89193, 12.51133, "IT", "country"),
    "turkey": ("Turkey", 39.91987, 32.85427, "TR", "country"),
    "mexico": ("Mexico", 19.42847, -99.12766, "MX", "country"),
    "canada": ("Canada", 45.41117, -75.69812, "CA", "country"),
    "united states": ("United States", 38.89511, -77.03637, "US", "country"),
    "united kingdom": ("United Kingdom", 51.50853, -0.12574, "GB", "country"),
    "japan": ("Japan", 35.6895, 139.69171, "JP", "country"),
    "china": ("China", 39.9075, 116.39723, "CN", "country"),
}

# (regex, gold key); matched case-insensitively, longest first, never inside a word.
PATTERNS = [
    (r"kherson province|kherson governorate", "kherson province"),
    (r"irkutsk region", "irkutsk region"),
    (r"rural finland", "rural finland"), (r"nova scotia", "nova scotia"),
    (r"southern front", "southern front"), (r"eastern front", "eastern front"),
    (r"mexico city", "mexico city"), (r"new york city|new york", "new york"),
    (r"new haven", "new haven"), (r"washington,? dc", "washington dc"),
    (r"united states|usa|u\.s\.a|u\.s", "united states"), (r"united kingdom", "united kingdom"),
    (r"soviet union|ussr", "soviet union"), (r"russian empire|russia", "russia"),
    (r"austria-hungary", "austria-hungary"),
    (r"saint petersburg|st\. petersburg|petersburg|petrograd|leningrad", "saint petersburg"),
    (r"brest-litovsk", "brest-litovsk"), (r"alma[- ]ata", "almaty"),
    (r"casa azul", "casa azul"), (r"avenida viena", "avenida viena"),
    (r"ural mountains|urals(?: mountains)?|ural", "urals"),
    (r"black sea", "black sea"), (r"don(?= river| region)", "don"),
    (r"nikolayev|mykolaiv", "mykolaiv"), (r"kiev|kyiv", "kyiv"),
    (r"istanbul|constantinople", "istanbul"), (r"prinkipo|büyükada|bykada", "buyukada"),
    (r"coyoacán|coyoacan|coyoacn", "coyoacan"), (r"hønefoss|hnefoss", "honefoss"),
    (r"america", "united states"),
]
for key in ("yanovka", "odessa", "kherson", "moscow", "ust-kut", "verkholensk", "london",
            "berezov", "obdorsk", "vienna", "paris", "zimmerwald", "bronx", "halifax",
            "amherst", "ryazan", "kronstadt", "gatchina", "narva", "tula", "kaluga", "poltava",
            "voronezh", "vladivostok", "royan", "barbizon", "norderhov", "hurum", "oslo",
            "tampico", "warsaw", "prague", "berlin", "shanghai", "havana", "siberia",
            "caucasus", "balkans", "vistula", "europe", "ukraine", "belarus", "kazakhstan",
            "estonia", "finland", "poland", "germany", "austria", "france", "spain",
            "switzerland", "norway", "denmark", "belgium", "italy", "turkey", "mexico",
            "canada", "japan", "china"):
    PATTERNS.append((re.escape(key), key))

COLUMNS = ("seed", "mention", "char_start", "char_end", "place", "lat", "lon", "country",
           "feature")


def find_mentions(text: str) -> list[tuple[int, int, str]]:
    """Non-overlapping (start, end, gold key), earlier patterns winning ties."""
    taken = [False] * len(text)
    found = []
    for pattern, key in PATTERNS:
        for m in re.finditer(rf"(?<![\w-])(?:{pattern})(?![\w])", text, re.IGNORECASE):
            if any(taken[m.start():m.end()]):
                continue
            # "Mexico City" may not be cut into "Mexico"; "America" in "Latin America" is not US
            for i in range(m.start(), m.end()):
                taken[i] = True
            found.append((m.start(), m.end(), key))
    return sorted(found)


def main() -> None:
    rows = []
    for name in FILES:
        text = (SEEDS / name).read_text(encoding="utf-8")
        for start, end, key in find_mentions(text):
            place, lat, lon, country, feature = GOLD[key]
            rows.append({"seed": name, "mention": text[start:end], "char_start": start,
                         "char_end": end, "place": place, "lat": lat, "lon": lon,
                         "country": country, "feature": feature})
    out = Path(__file__).with_name("toponyms_dev.csv")
    with open(out, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {out} ({len(rows)} mentions)")


if __name__ == "__main__":
    main()
