"""Deterministic synthetic job applicants with corrupted duplicates.

Writes `<out>.csv` (rec_id, given_name, surname, email, phone, date_of_birth, city, postcode)
and `<out>.truth.csv` (rec_id, entity_id). About 10% of the records are corrupted copies of
another record's person: typos, nickname and transliteration swaps, email and phone
variations, day/month swaps, moves and missing values. Names are skewed the way real names
are (John Smith, Wei Zhang and Kim Min-jun are common), and about 6% of people share a
household (surname, city, postcode) with someone else, so that blocking and term
frequencies matter. The same seed and size always give the same files.

    python gen_applicants.py --size 1000000 --seed 42 --out work/applicants-1000000
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import time

import numpy as np

DUPLICATE_SHARE = 0.10
HOUSEHOLD_SHARE = 0.06

# Nickname and transliteration groups: any member may stand in for any other.
GIVEN_VARIANTS = [
    ["Robert", "Bob", "Rob", "Bobby"], ["William", "Bill", "Will", "Liam"],
    ["Elizabeth", "Liz", "Beth", "Eliza"], ["Katherine", "Kate", "Kathy", "Catherine"],
    ["Michael", "Mike"], ["James", "Jim", "Jimmy"], ["Richard", "Rick", "Dick"],
    ["Margaret", "Maggie", "Peggy"], ["Alexander", "Alex"], ["Jennifer", "Jen", "Jenny"],
    ["Christopher", "Chris"], ["Daniel", "Dan", "Danny"], ["Thomas", "Tom"],
    ["Joseph", "Joe"], ["Anthony", "Tony"], ["Matthew", "Matt"], ["Andrew", "Andy", "Drew"],
    ["Nicholas", "Nick"], ["Samuel", "Sam"], ["Benjamin", "Ben"], ["Patricia", "Pat", "Trish"],
    ["Susan", "Sue"], ["Rebecca", "Becky"], ["Steven", "Steve", "Stephen"],
    ["Edward", "Ed", "Ted"], ["John", "Jon", "Johnny"], ["David", "Dave"],
    ["Mohammed", "Muhammad", "Mohamed", "Mohammad"], ["Yusuf", "Yousef", "Youssef"],
    ["Ahmed", "Ahmad"], ["Sergei", "Sergey"], ["Dmitri", "Dmitry"], ["Aleksei", "Alexey"],
    ["Yuri", "Yury"], ["Jose", "José"], ["Maria", "María"], ["Jesus", "Jesús"],
    ["Min-jun", "Minjun", "Min Jun"], ["Seo-yeon", "Seoyeon", "Seo Yeon"],
    ["Ji-hoon", "Jihoon", "Ji Hoon"], ["Xiuying", "Xiu Ying"], ["Guang", "Kwong"],
    ["Priya", "Pria"], ["Mohan", "Mohun"], ["Van", "Văn"],
]
SURNAME_VARIANTS = [
    ["Kim", "Gim"], ["Lee", "Yi", "Rhee"], ["Park", "Pak", "Bak"], ["Choi", "Choe"],
    ["Jung", "Chung", "Jeong"], ["Kang", "Gang"], ["Cho", "Jo"], ["Yoon", "Yun"],
    ["Shin", "Sin"], ["Zhang", "Chang"], ["Wang", "Wong"], ["Chen", "Chan"],
    ["Liu", "Lau"], ["Zhou", "Chow"], ["Li", "Lee"], ["Nguyen", "Nguen", "Ngyuen"],
    ["Pham", "Fam"], ["Hussain", "Hussein", "Husain"], ["Rahman", "Rehman"],
    ["Sharma", "Sarma"], ["Petrov", "Petroff"], ["Ivanov", "Ivanoff"],
    ["Smirnov", "Smirnoff"], ["Garcia", "García"], ["Hernandez", "Hernández"],
    ["Rodriguez", "Rodríguez"], ["Lopez", "López"], ["Martinez", "Martínez"],
    ["Gonzalez", "González"], ["Perez", "Pérez"], ["Sanchez", "Sánchez"],
    ["Ramirez", "Ramírez"], ["Gomez", "Gómez"], ["Mohammed", "Muhammad"],
]

# culture: share, head given names, head surnames, syllables for the long tail,
# phone country code and local digits, cities (name, postcode prefix) and postcode style.
CULTURES = {
    "anglo": dict(
        given_head=(0.4, 0.5), surname_head=(0.2, 0.5),
        share=0.38,
        given="John James Robert Michael William David Richard Joseph Thomas Christopher "
        "Daniel Matthew Anthony Mark Steven Andrew Paul Joshua Kevin Brian George Edward "
        "Mary Patricia Jennifer Linda Elizabeth Barbara Susan Jessica Sarah Karen Emily "
        "Lisa Nancy Margaret Ashley Emma Olivia Rebecca Laura Katherine Amy Anna Nicholas "
        "Samuel Benjamin Bob Mike Chris Kate",
        surname="Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor "
        "Thomas Moore Martin Jackson Thompson White Harris Clark Lewis Robinson Walker Young "
        "Allen King Wright Scott Hill Green Adams Baker Nelson Carter Mitchell Roberts Turner "
        "Phillips Campbell Parker Evans Edwards Collins Stewart Morris Murphy Cook Rogers",
        syl="ash bar ber bright brook cal car dale den ford gar ham har hart kel ley lin "
        "mar mor ner ols pen ril ron shaw ster ton well win wood worth",
        phone=("+1", 10),
        cities=[("New York", "100"), ("Los Angeles", "900"), ("Chicago", "606"),
                ("Houston", "770"), ("Seattle", "981"), ("Boston", "021"),
                ("Austin", "787"), ("Denver", "802"), ("London", "SW"),
                ("Manchester", "M"), ("Toronto", "M5"), ("Sydney", "20")],
        domains=["gmail.com", "outlook.com", "yahoo.com", "hotmail.com", "icloud.com"],
    ),
    "chinese": dict(
        given_head=(0.35, 0.5), surname_head=(0.6, 0.5),
        share=0.15,
        given="Wei Fang Min Jing Li Jun Yan Hui Xiuying Lei Yang Tao Ming Chao Hong "
        "Xin Ping Gang Yong Jie Na Qiang Lin Ying Hao Yu Bo Kai Guang Dong",
        surname="Zhang Wang Li Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo "
        "He Gao Lin Luo Zheng Liang Xie Song Tang",
        syl="an bin chen fei gui hai hua jia jian kang lan mei nan qing rong shan "
        "wen xia xiao yi yun zhen zhi",
        phone=("+86", 11),
        cities=[("Shanghai", "200"), ("Beijing", "100"), ("Shenzhen", "518"),
                ("Guangzhou", "510"), ("Hangzhou", "310"), ("Chengdu", "610")],
        domains=["qq.com", "163.com", "gmail.com", "126.com", "outlook.com"],
    ),
    "korean": dict(
        given_head=(0.2, 0.5), surname_head=(0.85, 1.0),
        share=0.08,
        given="Min-jun Seo-yeon Ji-hoon Seo-jun Ha-eun Do-yun Ji-woo Ye-jin Hyun-woo "
        "Su-bin Jae-won Eun-ji Sung-min Young-ho Mi-kyung",
        surname="Kim Lee Park Choi Jung Kang Cho Yoon Jang Lim Han Oh Seo Shin Kwon",
        syl="min jun seo yeon ji hoon ha eun do yun woo jin hyun su bin jae won sung "
        "young ho kyung hee",
        phone=("+82", 10),
        cities=[("Seoul", "0"), ("Busan", "4"), ("Incheon", "2"), ("Daegu", "4")],
        domains=["naver.com", "gmail.com", "daum.net", "kakao.com"],
    ),
    "indian": dict(
        share=0.10,
        given="Aarav Vivaan Aditya Rahul Amit Priya Ananya Sanjay Vikram Deepak Pooja "
        "Neha Rohan Arjun Kavya Suresh Ramesh Anjali Mohan Lakshmi",
        surname="Patel Sharma Singh Kumar Gupta Reddy Shah Iyer Nair Rao Mehta Joshi "
        "Desai Verma Agarwal Pillai Menon Chopra Bose Das",
        syl="an ar av bha dev esh han ind ish jay kar lal man nath pal raj ram sha "
        "vin",
        phone=("+91", 10),
        cities=[("Bengaluru", "560"), ("Mumbai", "400"), ("Delhi", "110"),
                ("Hyderabad", "500"), ("Pune", "411"), ("Chennai", "600")],
        domains=["gmail.com", "yahoo.co.in", "outlook.com", "rediffmail.com"],
    ),
    "hispanic": dict(
        share=0.13,
        given="Jose Maria Juan Luis Carlos Jesus Miguel Ana Sofia Valentina Diego "
        "Alejandro Fernanda Camila Pedro Jorge Lucia Isabel Manuel Rosa",
        surname="Garcia Rodriguez Martinez Hernandez Lopez Gonzalez Perez Sanchez "
        "Ramirez Torres Flores Rivera Gomez Diaz Cruz Morales Reyes Ortiz Gutierrez Ruiz",
        syl="al bel can des dor gal lar mon nar ol pal quer ran ren sal tel val ver",
        phone=("+52", 10),
        cities=[("Mexico City", "06"), ("Guadalajara", "44"), ("Monterrey", "64"),
                ("Madrid", "28"), ("Bogota", "11"), ("Miami", "331")],
        domains=["gmail.com", "hotmail.com", "outlook.com", "yahoo.com.mx"],
    ),
    "arabic": dict(
        share=0.06,
        given="Mohammed Ahmed Ali Omar Yusuf Fatima Aisha Mariam Khalid Hassan Ibrahim "
        "Layla Noor Tariq Zainab",
        surname="Mohammed Ali Hussain Rahman Khan Hassan Ahmed Abdullah Saleh Haddad "
        "Mansour Nasser Qureshi Farouk Aziz",
        syl="ab al am dul far ha kha lil mah nas qa ra sa sha ta za",
        phone=("+971", 9),
        cities=[("Dubai", ""), ("Abu Dhabi", ""), ("Riyadh", "11"), ("Cairo", "11")],
        domains=["gmail.com", "hotmail.com", "outlook.com", "yahoo.com"],
    ),
    "slavic": dict(
        share=0.05,
        given="Sergei Dmitri Aleksei Yuri Ivan Olga Natalia Anna Elena Tatiana Andrei "
        "Mikhail Nikolai Irina Svetlana",
        surname="Ivanov Smirnov Petrov Kuznetsov Popov Sokolov Lebedev Kozlov Novikov "
        "Morozov Volkov Pavlov Semenov Orlov",
        syl="bor dim gor kov lev mir nov ro sla tov vla vo zar",
        phone=("+7", 10),
        cities=[("Moscow", "10"), ("Saint Petersburg", "19"), ("Kyiv", "0"),
                ("Minsk", "22")],
        domains=["yandex.ru", "mail.ru", "gmail.com", "outlook.com"],
    ),
    "vietnamese": dict(
        given_head=(0.3, 0.5), surname_head=(0.9, 1.0),
        share=0.05,
        given="Anh Minh Linh Huong Duc Hung Thao Trang Tuan Lan Van Phuong Quang Hoa Nam",
        surname="Nguyen Tran Le Pham Hoang Phan Vu Dang Bui Do Ho Ngo Duong Ly",
        syl="an bao cuong dung giang hai khanh long mai ngoc phu son thanh tien vinh",
        phone=("+84", 9),
        cities=[("Ho Chi Minh City", "70"), ("Hanoi", "10"), ("Da Nang", "55")],
        domains=["gmail.com", "yahoo.com", "outlook.com"],
    ),
}

ALPHABET = "abcdefghijklmnopqrstuvwxyz"
KEYBOARD = {
    "a": "qsz", "b": "vn", "c": "xv", "d": "sf", "e": "wr", "f": "dg", "g": "fh",
    "h": "gj", "i": "uo", "j": "hk", "k": "jl", "l": "k", "m": "n", "n": "bm", "o": "ip",
    "p": "o", "q": "w", "r": "et", "s": "ad", "t": "ry", "u": "yi", "v": "cb", "w": "qe",
    "x": "zc", "y": "tu", "z": "x",
}


def zipf_weights(n: int, exponent: float) -> np.ndarray:
    w = 1.0 / np.arange(1, n + 1) ** exponent
    return w / w.sum()


def build_pool(head: list[str], syllables: list[str], tail_size: int, head_mass: float,
               exponent: float, rng: random.Random,
               max_syllables: int = 3) -> tuple[list[str], np.ndarray]:
    """Head names with Zipf weights, then a long tail of invented names from syllables."""
    seen = set(n.lower() for n in head)
    tail: list[str] = []
    attempts = 0
    while len(tail) < tail_size and attempts < tail_size * 20:
        attempts += 1
        name = "".join(rng.choice(syllables) for _ in range(rng.choice((2, 2, max_syllables))))
        if name not in seen and 3 <= len(name) <= 12:
            seen.add(name)
            tail.append(name.capitalize())
    names = head + tail
    weights = np.concatenate([
        zipf_weights(len(head), exponent) * head_mass,
        zipf_weights(len(tail), 0.3) * (1.0 - head_mass) if tail else np.array([]),
    ])
    return names, weights / weights.sum()


def typo(value: str, rng: random.Random) -> str:
    """One keyboard-style edit: insert, delete, substitute or transpose."""
    if len(value) < 2:
        return value + rng.choice(ALPHABET)
    i = rng.randrange(len(value))
    op = rng.random()
    if op < 0.25:
        return value[:i] + rng.choice(ALPHABET) + value[i:]
    if op < 0.5:
        return value[:i] + value[i + 1:]
    if op < 0.8:
        ch = value[i].lower()
        repl = rng.choice(KEYBOARD.get(ch, ALPHABET))
        if value[i].isupper():
            repl = repl.upper()
        return value[:i] + repl + value[i + 1:]
    j = min(i + 1, len(value) - 1)
    if i == j:
        i, j = i - 1, i
    return value[:i] + value[j] + value[i] + value[j + 1:]


def variant(value: str, table: dict[str, list[str]], rng: random.Random) -> str | None:
    group = table.get(value)
    if not group:
        return None
    others = [v for v in group if v != value]
    return rng.choice(others) if others else None


def email_local(given: str, surname: str, rng: random.Random) -> str:
    g = given.lower().replace(" ", "").replace("-", "")
    s = surname.lower().replace(" ", "")
    style = rng.random()
    if style < 0.30:
        base = f"{g}.{s}"
    elif style < 0.45:
        base = f"{g}{s}"
    elif style < 0.58:
        base = f"{g[0]}{s}"
    elif style < 0.68:
        base = f"{g}_{s}"
    elif style < 0.76:
        base = f"{s}.{g}"
    elif style < 0.84:
        base = f"{g}{rng.randrange(1, 100)}"
    else:
        base = f"{g}.{s[0]}"
    if rng.random() < 0.45:
        base += str(rng.choice((rng.randrange(1, 100), rng.randrange(1960, 2006))))
    return base


def vary_email(email: str, domains: list[str], rng: random.Random) -> str:
    local, _, domain = email.partition("@")
    op = rng.random()
    if op < 0.2 and ("." in local or "_" in local):
        local = local.replace(".", "").replace("_", "")
    elif op < 0.35:
        local = local.rstrip("0123456789") if local[-1:].isdigit() else local + str(rng.randrange(1, 100))
    elif op < 0.5:
        local = f"{local}+{rng.choice(('jobs', 'work', 'apply', 'cv'))}"
    elif op < 0.7:
        domain = rng.choice([d for d in domains if d != domain] or domains)
    elif op < 0.85:
        local = typo(local, rng)
    else:
        local = local.replace(".", "_") if "." in local else local + "." + str(rng.randrange(10))
    if rng.random() < 0.1:
        local = local.upper()
    return f"{local or 'x'}@{domain}"


def format_phone(cc: str, digits: str, rng: random.Random) -> str:
    style = rng.random()
    if style < 0.5:
        return f"{cc}{digits}"
    if style < 0.75:
        return f"{cc} {digits[:3]} {digits[3:6]} {digits[6:]}"
    if style < 0.9:
        return f"{cc}-{digits[:3]}-{digits[3:6]}-{digits[6:]}"
    if cc == "+1":
        return f"({digits[:3]}) {digits[3:6]}-{digits[6:]}"
    return f"0{digits}"  # national format, no country code


def postcode_for(prefix: str, style_len: int, rng: random.Random) -> str:
    if prefix == "":
        return ""
    if prefix[0].isalpha():  # UK / Canadian style
        return f"{prefix}{rng.randrange(1, 20)} {rng.randrange(1, 10)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"
    width = max(style_len - len(prefix), 1)
    return prefix + str(rng.randrange(0, 10 ** min(width, 3))).zfill(width)


POSTCODE_LEN = {"anglo": 5, "chinese": 6, "korean": 5, "indian": 6, "hispanic": 5,
                "arabic": 5, "slavic": 6, "vietnamese": 6}


class World:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.np = np.random.default_rng(seed)
        self.cultures = list(CULTURES)
        self.culture_p = np.array([CULTURES[c]["share"] for c in self.cultures])
        self.culture_p /= self.culture_p.sum()
        self.pools = {}
        for name, c in CULTURES.items():
            syl = c["syl"].split()
            # (head mass, Zipf exponent): a few family names dominate in Korea, Vietnam
            # and China; English-speaking names are flatter.
            gm, ge = c.get("given_head", (0.4, 0.5))
            sm, se = c.get("surname_head", (0.25, 0.5))
            given = build_pool(c["given"].split(), syl, 600, gm, ge, self.rng, max_syllables=2)
            surname = build_pool(c["surname"].split(), syl, 3000, sm, se, self.rng)
            cities = c["cities"]
            city_p = zipf_weights(len(cities), 0.8)
            self.pools[name] = (given, surname, cities, city_p)
        self.given_variants = {v: g for g in GIVEN_VARIANTS for v in g}
        self.surname_variants = {v: g for g in SURNAME_VARIANTS for v in g}


def make_people(world: World, n: int) -> list[list[str]]:
    """Base records, one per person: [given, surname, email, phone, dob, city, postcode, culture]."""
    rng, npr = world.rng, world.np
    culture_idx = npr.choice(len(world.cultures), size=n, p=world.culture_p)
    # Ages 18..70 as days since 1955-01-01, then formatted once per distinct day.
    days = npr.integers(0, 52 * 365, size=n)
    day_strings = np.datetime_as_string(np.datetime64("1955-01-01") + np.arange(52 * 365), unit="D")
    dobs = day_strings[days]
    people: list[list[str]] = [None] * n  # type: ignore[list-item]
    used_emails: set[str] = set()
    for ci, cname in enumerate(world.cultures):
        rows = np.flatnonzero(culture_idx == ci)
        (gnames, gp), (snames, sp), cities, city_p = world.pools[cname]
        g_idx = npr.choice(len(gnames), size=len(rows), p=gp)
        s_idx = npr.choice(len(snames), size=len(rows), p=sp)
        c_idx = npr.choice(len(cities), size=len(rows), p=city_p)
        cc, ndigits = CULTURES[cname]["phone"]
        phones = npr.integers(10 ** (ndigits - 1), 10 ** ndigits, size=len(rows))
        domains = CULTURES[cname]["domains"]
        dom_p = zipf_weights(len(domains), 1.2)
        dom_idx = npr.choice(len(domains), size=len(rows), p=dom_p)
        plen = POSTCODE_LEN[cname]
        for k, r in enumerate(rows):
            given, surname = gnames[g_idx[k]], snames[s_idx[k]]
            city, prefix = cities[c_idx[k]]
            local = email_local(given, surname, rng)
            email = f"{local}@{domains[dom_idx[k]]}"
            while email in used_emails:
                email = f"{local}{rng.randrange(1, 10000)}@{domains[dom_idx[k]]}"
            used_emails.add(email)
            people[r] = [given, surname, email, format_phone(cc, str(phones[k]), rng),
                         str(dobs[r]), city, postcode_for(prefix, plen, rng), cname]
    # Households: some people share surname, city and postcode with an earlier person.
    n_house = int(n * HOUSEHOLD_SHARE)
    members = npr.choice(np.arange(1, n), size=n_house, replace=False) if n > 1 else []
    for r in members:
        head = people[rng.randrange(r)]
        if head[7] != people[r][7]:
            continue
        p = people[r]
        p[1], p[5], p[6] = head[1], head[5], head[6]
    # Baseline missingness.
    for p in people:
        x = rng.random()
        if x < 0.03:
            p[3] = ""
        elif x < 0.04:
            p[4] = ""
        elif x < 0.06:
            p[6] = ""
        elif x < 0.075:
            p[5] = ""
    return people


FIELDS = ["given_name", "surname", "email", "phone", "date_of_birth", "city", "postcode"]
CORRUPTIONS = [  # (name, weight)
    ("given_typo", 14), ("surname_typo", 12), ("given_variant", 10), ("surname_variant", 8),
    ("name_order", 3), ("email", 16), ("new_email", 5), ("phone_digit", 10),
    ("new_phone", 3), ("dob_swap", 8), ("dob_typo", 3), ("missing", 12), ("moved", 4),
    ("postcode_typo", 4), ("case", 3),
]


def corrupt(person: list[str], world: World) -> list[str]:
    rng = world.rng
    rec = list(person)
    names = [c[0] for c in CORRUPTIONS]
    weights = [c[1] for c in CORRUPTIONS]
    k = rng.choices((1, 2, 3, 4), weights=(35, 40, 20, 5))[0]
    cname = rec[7]
    # dict.fromkeys, not set: set order follows string hashing, which changes per process.
    for op in dict.fromkeys(rng.choices(names, weights=weights, k=k)):
        if op == "given_typo" and rec[0]:
            rec[0] = typo(rec[0], rng)
        elif op == "surname_typo" and rec[1]:
            rec[1] = typo(rec[1], rng)
        elif op == "given_variant":
            rec[0] = variant(rec[0], world.given_variants, rng) or typo(rec[0], rng)
        elif op == "surname_variant":
            rec[1] = variant(rec[1], world.surname_variants, rng) or typo(rec[1], rng)
        elif op == "name_order":
            rec[0], rec[1] = rec[1], rec[0]
        elif op == "email" and rec[2]:
            rec[2] = vary_email(rec[2], CULTURES[cname]["domains"], rng)
        elif op == "new_email":
            rec[2] = f"{email_local(rec[0], rec[1], rng)}{rng.randrange(100, 1000)}@{rng.choice(CULTURES[cname]['domains'])}"
        elif op == "phone_digit" and rec[3]:
            last = rec[3][-1]
            rec[3] = rec[3][:-1] + rng.choice([d for d in "0123456789" if d != last])
        elif op == "new_phone":
            cc, nd = CULTURES[cname]["phone"]
            rec[3] = format_phone(cc, str(rng.randrange(10 ** (nd - 1), 10 ** nd)), rng)
        elif op == "dob_swap" and rec[4]:
            y, m, d = rec[4].split("-")
            if int(d) <= 12 and d != m:
                rec[4] = f"{y}-{d}-{m}"
            else:
                rec[4] = f"{y}-{m}-{int(d) % 28 + 1:02d}"
        elif op == "dob_typo" and rec[4]:
            y, m, d = rec[4].split("-")
            rec[4] = f"{int(y) + rng.choice((-1, 1))}-{m}-{d}"
        elif op == "missing":
            rec[rng.choice((2, 3, 4, 5, 6, 3, 6))] = ""
        elif op == "moved":
            _, _, cities, city_p = world.pools[cname]
            city, prefix = cities[rng.choices(range(len(cities)), weights=city_p)[0]]
            rec[5], rec[6] = city, postcode_for(prefix, POSTCODE_LEN[cname], rng)
        elif op == "postcode_typo" and rec[6]:
            i = rng.randrange(len(rec[6]))
            ch = rec[6][i]
            if ch.isdigit():
                rec[6] = rec[6][:i] + rng.choice([d for d in "0123456789" if d != ch]) + rec[6][i + 1:]
        elif op == "case":
            rec[0], rec[1] = rec[0].upper(), rec[1].upper()
    return rec


def generate(size: int, seed: int) -> tuple[list[list[str]], list[int]]:
    world = World(seed)
    n_dup = int(round(size * DUPLICATE_SHARE))
    n_people = size - n_dup
    people = make_people(world, n_people)
    records = [p for p in people]
    entity = list(range(n_people))
    sources = world.np.integers(0, n_people, size=n_dup)
    for src in sources:
        records.append(corrupt(people[src], world))
        entity.append(int(src))
    order = world.np.permutation(size)
    return [records[i] for i in order], [entity[i] for i in order]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--out", required=True, help="path prefix: writes PREFIX.csv and PREFIX.truth.csv")
    args = ap.parse_args()
    started = time.perf_counter()
    records, entity = generate(args.size, args.seed)
    width = len(str(args.size))
    with open(f"{args.out}.csv", "w", newline="", encoding="utf-8") as f, \
            open(f"{args.out}.truth.csv", "w", newline="", encoding="utf-8") as t:
        w, tw = csv.writer(f), csv.writer(t)
        w.writerow(["rec_id"] + FIELDS)
        tw.writerow(["rec_id", "entity_id"])
        for i, (rec, ent) in enumerate(zip(records, entity)):
            rid = f"a{i:0{width}d}"
            w.writerow([rid] + rec[:7])
            tw.writerow([rid, f"e{ent}"])
    print(f"gen_applicants: {args.size} records ({int(round(args.size * DUPLICATE_SHARE))} duplicates) "
          f"in {time.perf_counter() - started:.1f} s -> {args.out}.csv", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
