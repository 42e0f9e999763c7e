"""Training-log import, the header layer: which export a CSV is, its separator, its column names.

Known spellings of every column the import reads, in the supported languages (English and
German Strava, English Garmin Connect); a required column missing or misspelled is a clear
error naming the column that may be it (never one that already has a known name).
"""

from __future__ import annotations

import csv
import difflib
import io
import re

from helpers.import_files import LogImportError, decode_text

DELIMITERS = {",": "commas", ";": "semicolons", "\t": "tabs"}

# CSV headers: canonical name -> spellings (lower case) in the supported languages.
STRAVA_HEADERS = {
    "id": ("activity id", "aktivitäts-id"),
    "date": ("activity date", "aktivitätsdatum"),
    "type": ("activity type", "aktivitätsart", "sport type", "type"),  # "type" only without the others: noted
    "elapsed": ("elapsed time", "verstrichene zeit"),
    "moving": ("moving time", "bewegungszeit"),
    "distance": ("distance", "distanz"),
    "filename": ("filename", "dateiname"),
    "speed": ("average speed", "durchschnittliche geschwindigkeit"),
}
GARMIN_HEADERS = {
    "date": ("date", "start time"),
    "type": ("activity type",),
    "distance": ("distance",),
    "time": ("time",),
    "moving": ("moving time",),
    "elapsed": ("elapsed time",),
    "title": ("title",),
}
REQUIRED = ("date", "type", "distance")
#: Column names that may hold a required column under another name (offered in the error, never used).
STAND_INS = {"date": ("date", "start time", "start", "datum", "day", "start date"),
             "type": ("sport", "sport_type", "activity", "kind", "category", "typ", "art"),
             "distance": ("distance (km)", "distance (mi)", "km", "miles", "dist", "kilometres", "kilometers")}
WHAT_IT_HOLDS = {"date": "the start date and time", "type": "the kind of activity (Run, Ride, …)",
                 "distance": "the distance"}
SHOWN_NAMES = {"date": ("Activity Date", "Date"), "type": ("Activity Type", "Activity Type"),
               "distance": ("Distance", "Distance")}
STRAVA_ONLY = {"activity id", "activity date", "activity name", "activity description", "filename", "aktivitäts-id",
               "aktivitätsdatum", "name der aktivität", "aktivitätsart", "distanz", "dateiname", "bewegungszeit",
               "verstrichene zeit", "activity gear", "commute", "relative effort"}
#: Other columns of a Strava export (English, German): never offered as a misspelled required one.
STRAVA_OTHER = {"activity private note", "max heart rate", "relative effort", "athlete weight", "bike weight",
                "max speed", "average speed", "elevation gain", "elevation loss", "elevation low", "elevation high",
                "max grade", "average grade", "max cadence", "average cadence", "average heart rate", "calories",
                "from upload", "grade adjusted distance", "media", "start time", "average elapsed speed",
                "beschreibung der aktivität", "private notiz zur aktivität", "aktivitätsausrüstung", "pendeln",
                "max. herzfrequenz", "relative leistung", "sportlergewicht", "fahrradgewicht", "kalorien",
                "max. geschwindigkeit", "durchschnittliche geschwindigkeit", "höhenzunahme"}
GARMIN_ONLY = {"date", "title", "time", "favorite", "avg pace", "best pace", "avg hr", "max hr", "avg run cadence"}
#: A header cell that is a number or a date is a data value (the header joined with a row).
HEADER_VALUE = re.compile(r"[+-]?\d+(?:[.,:]\d+)*|.*(?:\d{4}-\d{2}-\d{2}|\d{1,2}\.\d{1,2}\.\d{4}|[A-Z][a-z]{2} \d{1,2}, \d{4}).*")
GLUED_VALUE = re.compile(r"(.*?\D)[+-]?\d[\d.,:]*")
#: The only columns whose cells may hold a line break (names, descriptions, notes).
TEXT_COLUMNS = frozenset({"activity name", "activity description", "activity private note", "activity gear",
                          "name der aktivität", "beschreibung der aktivität", "private notiz zur aktivität",
                          "aktivitätsausrüstung", "title", "media", "gear", "bike"})
GERMAN_MARKERS = ("aktivitätsdatum", "aktivitäts-id", "aktivitätsart", "distanz")


def is_activity_list(head: bytes) -> bool:
    """True if ``head`` (a file's first bytes) starts with the header of a Strava or Garmin activity list."""
    text, _ = decode_text(head)
    line = next((line for line in io.StringIO(text, newline="").readlines() if line.strip()), None)
    if line is None:
        return False
    try:
        header = next(csv.reader([line], delimiter=detect_delimiter(line)))
        detect_kind(header, "", "")
    except (LogImportError, csv.Error, StopIteration):
        return False
    return True


def detect_delimiter(line: str) -> str:
    """The separator that splits the header into the most known column names (then the most cells)."""
    known = {s for table in (STRAVA_HEADERS, GARMIN_HEADERS) for spellings in table.values() for s in spellings}
    known |= STRAVA_ONLY | GARMIN_ONLY

    def score(delimiter: str) -> tuple[int, int]:
        cells = next(csv.reader([line], delimiter=delimiter), [])
        return sum(cell.strip().lower() in known for cell in cells), len(cells)

    return max(DELIMITERS, key=score)


def detect_kind(header: list[str], source: str, how: str) -> tuple[str, bool]:
    """``("strava" | "garmin", german)``; a missing or misspelled required column is a clear error."""
    lowered = [name.strip().lower() for name in header]
    strava = sum(name in STRAVA_ONLY for name in lowered)
    garmin = sum(name in GARMIN_ONLY for name in lowered)
    if not strava and not garmin:
        raise LogImportError(
            f"{source} is neither a Strava activities.csv (needs a column 'Activity Date' or 'Aktivitätsdatum') "
            f"nor a Garmin Connect Activities.csv (needs 'Activity Type', 'Date' and 'Distance'). "
            f"Its first columns are: {', '.join(header[:6])} ({how}).{closest_hint(header)}")
    kind = "strava" if strava >= garmin else "garmin"
    values = [cell.strip() for cell in header if HEADER_VALUE.fullmatch(cell.strip()) or glued(cell, kind)]
    if values:
        raise LogImportError(f"{source}'s header line holds a value ('{values[0]}'), not only column names: it may "
                             "be joined with the first row. Export the file again.")
    table = STRAVA_HEADERS if kind == "strava" else GARMIN_HEADERS
    for name in REQUIRED:
        if not any(spelling in lowered for spelling in table[name]):
            wanted = SHOWN_NAMES[name][0 if kind == "strava" else 1]
            label = "Strava activities.csv" if kind == "strava" else "Garmin Connect Activities.csv"
            raise LogImportError(f"{source} looks like a {label} but has no '{wanted}' column."
                                 f"{missing_hint(name, wanted, header, lowered, kind)}")
    check_near_misses(header, lowered, table, source)
    return kind, any(marker in lowered for marker in GERMAN_MARKERS)


def glued(cell: str, kind: str) -> bool:
    """True for a known column name with a number stuck to its end (``Filename2001``: the next line joined on)."""
    found = GLUED_VALUE.fullmatch(cell.strip().lower())
    return found is not None and found.group(1).strip() in known_names(kind)


def known_names(kind: str) -> set[str]:
    """Every column name this export kind is known to have (none of them can be a misspelled other one)."""
    table, only = (STRAVA_HEADERS, STRAVA_ONLY | STRAVA_OTHER) if kind == "strava" else (GARMIN_HEADERS, GARMIN_ONLY)
    return {spelling for spellings in table.values() for spelling in spellings} | only | TEXT_COLUMNS


def missing_hint(name: str, wanted: str, header: list[str], lowered: list[str], kind: str) -> str:
    """Which column may be the missing ``wanted`` one: a misspelling, or a name that often holds it.

    A column that already has a name the export is known to use is never offered (renaming
    it would lose that column).
    """
    known = known_names(kind)
    candidates = [(original.strip(), low) for original, low in zip(header, lowered) if low and low not in known]
    stand_in = next((original for original, low in candidates if low in STAND_INS[name]), None)
    if stand_in is not None:
        return (f" It has a column '{stand_in}': if that holds {WHAT_IT_HOLDS[name]}, rename it to '{wanted}' and "
                "read the file again.")
    match = difflib.get_close_matches(wanted.lower(), [low for _, low in candidates], n=1, cutoff=0.75)
    if match:
        original = next(original for original, low in candidates if low == match[0])
        return f" The closest column is '{original}': correct its spelling to '{wanted}' and read the file again."
    return " Export the file again, or add the column."


def check_near_misses(header: list[str], lowered: list[str], table: dict, source: str) -> None:
    """A column whose name is one letter or two away from one the import reads is a clear error."""
    spellings = {spelling for names in table.values() for spelling in names}
    for original, name in zip(header, lowered):
        if name in spellings or not name:
            continue
        for spelling in spellings:  # a ratio of 0.85 needs lengths within 2 of each other (names up to 20)
            if abs(len(spelling) - len(name)) > 2:
                continue
            matcher = difflib.SequenceMatcher(None, name, spelling)
            if matcher.quick_ratio() >= 0.85 and matcher.ratio() >= 0.85:
                raise LogImportError(f"{source} has a column '{original.strip()}' that looks like a misspelled "
                                     f"'{spelling.title()}': correct its spelling and read the file again.")


def closest_hint(header: list[str]) -> str:
    wanted = ["Activity Date", "Activity Type", "Date", "Distance"]
    lowered = [name.strip().lower() for name in header]
    for name in wanted:
        match = difflib.get_close_matches(name.lower(), lowered, n=1, cutoff=0.75)
        if match:
            return f" Did you mean '{name}' for the column '{header[lowered.index(match[0])].strip()}'?"
    return ""
