"""Invented names in English and Japanese for the synthetic graph.

Names are built from syllables that have both a romaji and a katakana spelling, so every actor gets
an English label and a Japanese one that read alike, as real companies' do. Nothing here names a
real organisation, person or publisher: the benchmarks must never look like claims about anyone.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

SYLLABLES: tuple[tuple[str, str], ...] = (
    ("ka", "カ"), ("ki", "キ"), ("ku", "ク"), ("ko", "コ"), ("sa", "サ"), ("shi", "シ"), ("su", "ス"),
    ("so", "ソ"), ("ta", "タ"), ("to", "ト"), ("na", "ナ"), ("ni", "ニ"), ("no", "ノ"), ("ha", "ハ"),
    ("hi", "ヒ"), ("mi", "ミ"), ("mo", "モ"), ("ya", "ヤ"), ("yu", "ユ"), ("ra", "ラ"), ("ri", "リ"),
    ("ro", "ロ"), ("wa", "ワ"), ("ze", "ゼ"), ("do", "ド"), ("be", "ベ"), ("te", "テ"), ("ne", "ネ"),
    ("re", "レ"), ("mu", "ム"), ("ru", "ル"), ("ga", "ガ"), ("go", "ゴ"), ("da", "ダ"), ("vi", "ヴィ"),
)

# (English, Japanese) sector words for company names.
SECTORS: tuple[tuple[str, str], ...] = (
    ("Holdings", "ホールディングス"), ("Technologies", "テクノロジーズ"), ("Systems", "システムズ"),
    ("Networks", "ネットワークス"), ("Telecom", "テレコム"), ("Payments", "ペイメンツ"), ("Mobile", "モバイル"),
    ("Bank", "銀行"), ("Insurance", "保険"), ("Retail", "リテール"), ("Media", "メディア"), ("Health", "ヘルス"),
    ("Logistics", "ロジスティクス"), ("Games", "ゲームズ"), ("Cloud", "クラウド"), ("Travel", "トラベル"),
    ("Energy", "エナジー"), ("Software", "ソフトウェア"),
)

# (English, Japanese) service kinds: "<Word> Chat" / "<ワード>チャット".
SERVICES: tuple[tuple[str, str], ...] = (
    ("Chat", "チャット"), ("Pay", "ペイ"), ("Maps", "マップ"), ("Mail", "メール"), ("Shop", "ショップ"),
    ("Music", "ミュージック"), ("Drive", "ドライブ"), ("Points", "ポイント"),
)

# Invented outlets: (name, domain stem, language of their articles).
PUBLISHERS: tuple[tuple[str, str, str], ...] = (
    ("Northgate Daily", "northgate-daily", "en"), ("Pacific Tech Wire", "pacific-tech-wire", "en"),
    ("The Meridian Ledger", "meridian-ledger", "en"), ("Capital Signal", "capital-signal", "en"),
    ("Data Watch Weekly", "data-watch-weekly", "en"), ("Harbour Business Review", "harbour-review", "en"),
    ("東都新報", "toto-shinpo", "ja"), ("日刊テックレポート", "nikkan-tech-report", "ja"),
    ("Seaboard Morning Post", "seaboard-post", "en"), ("Lantern Policy Brief", "lantern-brief", "en"),
)


@dataclass(frozen=True)
class Name:
    """One invented word spelled in romaji (capitalised) and katakana."""

    en: str
    ja: str


def word(rng: random.Random, syllables: int | None = None) -> Name:
    count = syllables or rng.choice((2, 2, 3, 3, 3))
    parts = [rng.choice(SYLLABLES) for _ in range(count)]
    en = "".join(p[0] for p in parts)
    ja = "".join(p[1] for p in parts)
    if rng.random() < 0.3:
        en, ja = en + "n", ja + "ン"
    return Name(en.capitalize(), ja)


def person(rng: random.Random) -> tuple[Name, Name]:
    """(given, family) names."""
    return word(rng, 2), word(rng, 3)


# -- text in the mapper's own words: fact labels, headlines and evidence quotes -----------------

INCIDENT_PHRASES: dict[str, tuple[str, str]] = {
    "data_breach": ("a data breach", "情報流出"),
    "cyberattack": ("a cyberattack", "サイバー攻撃"),
    "unauthorised_access": ("unauthorised access to customer records", "不正アクセス"),
    "data_misuse": ("misuse of customer data", "個人データの不正利用"),
    "mishandling": ("lax handling of user data", "個人情報の不適切な管理"),
    "exposure": ("records left open on the internet", "個人情報の公開状態"),
}

ACTION_VERBS: dict[str, tuple[str, str]] = {
    "investigation": ("opens an inquiry into", "を調査"),
    "inspection": ("inspects", "に立ち入り検査"),
    "order": ("orders", "に是正命令"),
    "warning": ("warns", "に警告"),
    "recommendation": ("issues a recommendation to", "に勧告"),
    "administrative_guidance": ("gives administrative guidance to", "に行政指導"),
    "report_request": ("asks for a report from", "に報告を要求"),
    "request": ("asks", "に要請"),
    "usage_suspension": ("suspends the use of services by", "の利用を停止"),
    "fine": ("fines", "に制裁金"),
    "settlement": ("settles with", "と和解"),
    "reprimand": ("reprimands", "を戒告"),
    "instruction": ("instructs", "に指示"),
    "ban": ("bans a service of", "のサービスを禁止"),
    "appeal": ("hears an appeal by", "の不服申し立てを審理"),
    "court_decision": ("rules on the case of", "に判決"),
}

COMMITMENT_PHRASES: dict[str, str] = {
    "apology": "apologises to its users",
    "cessation": "stops the data access in question",
    "relocation": "moves the data back home",
    "governance": "sets up a data governance committee",
    "transparency": "publishes where user data is kept",
    "prevention": "vows to prevent a repeat",
    "statement": "issues a statement on the case",
    "policy_change": "rewrites its privacy policy",
    "compliance": "promises to follow the regulator's orders",
    "cooperation": "agrees to work with investigators",
    "compensation": "offers compensation to those affected",
}

QUOTE_OPENERS: tuple[str, ...] = (
    "officials said", "the company told reporters", "according to a filing", "a spokesperson confirmed",
    "people familiar with the matter said", "the notice stated", "the regulator announced",
)

CONDITIONS: tuple[str, ...] = (
    "only for maintenance of the messaging servers",
    "when a user opts in to cloud backup",
    "for fraud screening of card payments",
    "while the data centre at home is being rebuilt",
    "under a support contract renewed every year",
)


def quote(rng: random.Random, subject: str, what: str) -> str:
    """A short invented evidence sentence, e.g. 'Kato Systems confirmed the leak, officials said'."""
    return f"{subject} {what}, {rng.choice(QUOTE_OPENERS)}"
