"""A second synthetic applicant set, independent of gen_applicants.py: people from Faker.

Writes `<out>.csv` (rec_id, given_name, surname, email, phone, date_of_birth, city, postcode)
and `<out>.truth.csv` (rec_id, entity_id), the same columns as gen_applicants.py, so that the
same linkage configuration can be tried on data its author did not write. Names, cities,
postcodes, phone numbers and mail domains come from Faker's locale providers (ten locales,
Latin script as Faker ships them); nothing here reuses gen_applicants.py's name lists,
nickname tables or corruption code.

About 15% of the records are corrupted duplicates of another record's person, with one to
four of: keyboard typos (a neighbouring key, a dropped, doubled or swapped letter), a given
name cut short (Alexander to Alex, Katherine to Kat: truncation, not a nickname table), given
and family name swapped, one or two missing values, day and month of birth swapped, a new
email address (half of them unrelated to the name), a move (new city and postcode). Emails
are unique among people. The same seed and size always give the same files.

    python gen_faker.py --size 100000 --seed 7 --out work/faker-100000
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import sys
import time
import unicodedata

from faker import Faker

DUPLICATE_SHARE = 0.15
BORN_FROM, BORN_TO = dt.date(1955, 1, 1), dt.date(2007, 12, 31)

# Locale and its share of people. vi_VN keeps the given name in Faker's middle_name (its
# first_name is a placeholder).
LOCALES = [
    ("en_US", 0.20), ("en_GB", 0.10), ("de_DE", 0.10), ("fr_FR", 0.10), ("es_ES", 0.10),
    ("it_IT", 0.08), ("pl_PL", 0.08), ("pt_BR", 0.08), ("vi_VN", 0.08), ("en_IN", 0.08),
]

# QWERTY rows; a key's neighbours are the keys left and right of it and the two keys touching
# it in the rows above and below.
ROWS = ["qwertyuiop", "asdfghjkl", "zxcvbnm"]
ROW_OFFSET = [0.0, 0.25, 0.75]


def neighbours() -> dict[str, str]:
    pos = {}
    for r, row in enumerate(ROWS):
        for c, ch in enumerate(row):
            pos[ch] = (r, c + ROW_OFFSET[r])
    out = {}
    for ch, (r, x) in pos.items():
        near = [o for o, (r2, x2) in pos.items()
                if o != ch and abs(r2 - r) <= 1 and abs(x2 - x) <= 1.0]
        out[ch] = "".join(sorted(near))
    return out


NEAR = neighbours()


def keyboard_typo(value: str, rng: random.Random) -> str:
    """One slip of the fingers: hit a neighbouring key, drop, double or swap letters."""
    if len(value) < 3:
        return value
    letters = [i for i, ch in enumerate(value) if ch.isalpha()]
    if not letters:
        return value
    i = rng.choice(letters[1:] or letters)  # first letters are typed with more care
    ch = value[i]
    kind = rng.random()
    if kind < 0.45 and ch.lower() in NEAR:
        hit = rng.choice(NEAR[ch.lower()])
        return value[:i] + (hit.upper() if ch.isupper() else hit) + value[i + 1:]
    if kind < 0.65:
        return value[:i] + value[i + 1:]
    if kind < 0.8:
        return value[:i] + ch + value[i:]
    if i + 1 < len(value) and value[i + 1] != ch:
        return value[:i] + value[i + 1] + ch + value[i + 2:]
    return value[:i] + value[i + 1:]


def ascii_fold(s: str) -> str:
    s = s.replace("ł", "l").replace("Ł", "L").replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def make_email(given: str, surname: str, domain: str, rng: random.Random) -> str:
    g = "".join(ch for ch in ascii_fold(given).lower() if ch.isalnum())
    s = "".join(ch for ch in ascii_fold(surname).lower() if ch.isalnum())
    pick = rng.randrange(6)
    local = [f"{g}.{s}", f"{g}{s}", f"{g[:1]}.{s}", f"{s}{g[:1]}", f"{g}_{s}", f"{s}.{g}"][pick]
    if rng.random() < 0.5:
        local += str(rng.randrange(1, 1000))
    return f"{local or 'user'}@{domain}"


class Locale:
    """One Faker locale, seeded, with the few calls this generator uses."""

    def __init__(self, code: str, seed: int):
        self.code = code
        self.fake = Faker(code)
        self.fake.seed_instance(seed)

    def name(self) -> tuple[str, str]:
        f = self.fake
        given = f.middle_name() if self.code == "vi_VN" else f.first_name()
        return given, f.last_name()

    def place(self) -> tuple[str, str]:
        return self.fake.city(), self.fake.postcode()

    def phone(self) -> str:
        return self.fake.phone_number()

    def domain(self) -> str:
        return self.fake.free_email_domain()

    def unrelated_email(self) -> str:
        """An address whose local part has nothing to do with the person's name."""
        return f"{self.fake.user_name()}{self.fake.random_int(1, 999)}@{self.domain()}"

    def birth(self) -> str:
        # Fixed dates, not Faker's date_of_birth(): that one counts ages back from today.
        return self.fake.date_between_dates(BORN_FROM, BORN_TO).isoformat()


def unique_email(given: str, surname: str, loc: Locale, rng: random.Random,
                 taken: set[str]) -> str:
    """An address nobody else holds: two people never share a mailbox by accident."""
    email = make_email(given, surname, loc.domain(), rng)
    while email in taken:
        local, domain = email.split("@")
        email = f"{local}{rng.randrange(1, 100)}@{domain}"
    taken.add(email)
    return email


def person(loc: Locale, rng: random.Random, taken: set[str]) -> list[str]:
    given, surname = loc.name()
    city, postcode = loc.place()
    rec = [given, surname, unique_email(given, surname, loc, rng, taken), loc.phone(),
           loc.birth(), city, postcode]
    # Values people leave out even on a first application.
    for field, share in ((3, 0.03), (4, 0.01), (5, 0.02), (6, 0.03)):
        if rng.random() < share:
            rec[field] = ""
    return rec


def swap_day_month(value: str) -> str | None:
    try:
        d = dt.date.fromisoformat(value)
    except ValueError:
        return None
    if d.day > 12 or d.day == d.month:
        return None
    return f"{d.year:04d}-{d.day:02d}-{d.month:02d}"


CORRUPTIONS = ["typo", "truncate", "swap_names", "missing", "swap_day_month", "new_email", "moved"]
WEIGHTS = [30, 12, 8, 16, 10, 12, 12]
# How many corruptions a duplicate gets: 1, 2, 3 or 4.
COUNTS = [40, 35, 18, 7]
# --heavy: most duplicates get three or four, and swaps, truncations and moves are commoner.
HEAVY_WEIGHTS = [25, 15, 15, 15, 10, 15, 15]
HEAVY_COUNTS = [10, 30, 35, 25]


def corrupt(rec: list[str], loc: Locale, rng: random.Random, taken: set[str],
            heavy: bool) -> list[str]:
    out = list(rec)
    k = rng.choices((1, 2, 3, 4), weights=HEAVY_COUNTS if heavy else COUNTS)[0]
    done: list[str] = []
    while len(done) < k:
        op = rng.choices(CORRUPTIONS, weights=HEAVY_WEIGHTS if heavy else WEIGHTS)[0]
        if op in done:
            continue
        done.append(op)
        if op == "typo":
            field = rng.choices((0, 1, 2, 5), weights=(4, 4, 2, 1))[0]
            for _ in range(rng.choice((1, 1, 1, 2))):
                if out[field]:
                    out[field] = keyboard_typo(out[field], rng)
        elif op == "truncate":
            g = out[0]
            if len(g) >= 5 and " " not in g:
                out[0] = g[:rng.choice((3, 4, 4, 5)) if len(g) > 5 else 3]
        elif op == "swap_names":
            out[0], out[1] = out[1], out[0]
        elif op == "missing":
            for _ in range(rng.choice((1, 1, 2))):
                out[rng.choices((0, 1, 2, 3, 4, 5, 6), weights=(1, 1, 3, 3, 2, 2, 2))[0]] = ""
        elif op == "swap_day_month":
            swapped = swap_day_month(out[4])
            if swapped:
                out[4] = swapped
        elif op == "new_email":
            if rng.random() < 0.5:
                out[2] = unique_email(rec[0], rec[1], loc, rng, taken)
            else:
                out[2] = loc.unrelated_email()
        elif op == "moved":
            out[5], out[6] = loc.place()
    return out


def generate(size: int, seed: int, heavy: bool = False) -> tuple[list[list[str]], list[int]]:
    rng = random.Random(seed)
    locales = [Locale(code, seed * 100 + i) for i, (code, _) in enumerate(LOCALES)]
    shares = [s for _, s in LOCALES]
    n_dup = int(round(size * DUPLICATE_SHARE))
    n_people = size - n_dup
    people: list[tuple[int, list[str]]] = []
    taken: set[str] = set()
    for _ in range(n_people):
        li = rng.choices(range(len(locales)), weights=shares)[0]
        people.append((li, person(locales[li], rng, taken)))
    records = [p for _, p in people]
    entity = list(range(n_people))
    for _ in range(n_dup):
        src = rng.randrange(n_people)
        li, rec = people[src]
        records.append(corrupt(rec, locales[li], rng, taken, heavy))
        entity.append(src)
    order = list(range(size))
    rng.shuffle(order)
    return [records[i] for i in order], [entity[i] for i in order]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out", required=True, help="path prefix: writes PREFIX.csv and PREFIX.truth.csv")
    ap.add_argument("--heavy", action="store_true",
                    help="three or four corruptions for most duplicates (a stress test; run.sh does not use it)")
    args = ap.parse_args()
    started = time.perf_counter()
    records, entity = generate(args.size, args.seed, args.heavy)
    width = len(str(args.size))
    with open(f"{args.out}.csv", "w", newline="", encoding="utf-8") as f, \
            open(f"{args.out}.truth.csv", "w", newline="", encoding="utf-8") as t:
        w, tw = csv.writer(f), csv.writer(t)
        w.writerow(["rec_id", "given_name", "surname", "email", "phone", "date_of_birth", "city",
                    "postcode"])
        tw.writerow(["rec_id", "entity_id"])
        for i, (rec, ent) in enumerate(zip(records, entity)):
            rid = f"f{i:0{width}d}"
            w.writerow([rid] + rec)
            tw.writerow([rid, f"p{ent}"])
    print(f"gen_faker: {args.size} records ({int(round(args.size * DUPLICATE_SHARE))} duplicates) "
          f"in {time.perf_counter() - started:.1f} s -> {args.out}.csv", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
