#!/usr/bin/env python3
"""Builds the gateway's shipped price list from a copy of genai-prices' data.json.

Run by hand when prices change, never by the build (see docs/ANALYTICS_GUIDE.md, "Refreshing the
price list"):

    python3 scripts/refresh-prices.py path/to/data.json --commit <sha> --date <yyyy-mm-dd> \
        --license path/to/LICENSE

It writes src/main/resources/loom/analytics/genai-prices.json (read by loom.analytics.PriceListReader)
and copies the licence next to it as genai-prices.LICENSE. Standard library only.

What it keeps of every provider: id, api_pattern, provider_match, model_match,
fallback_model_providers and the models. Of every model: id, match and its prices as a list of price
sets, each with its constraint inlined (start_date, or start_time/end_time) and the price kinds the
gateway can charge: input_mtok, cache_read_mtok, cache_write_mtok, output_mtok (a number, or
{"base", "tiers"}) and requests_kcount. Everything else is dropped and counted in the header's
"left_out", so a newer copy with new price kinds says what the gateway does not charge. A model whose
prices are ALL of dropped kinds is left out entirely: priced at 0 it would look free. Unknown match
clauses or constraints stop the script, since the gateway could not read them.
"""

import argparse
import decimal
import hashlib
import json
import os
import re
import shutil
import sys
from collections import Counter

KEPT_PRICES = ("input_mtok", "cache_read_mtok", "cache_write_mtok", "output_mtok", "requests_kcount")
CLAUSES = ("equals", "starts_with", "ends_with", "contains", "regex", "or", "and")
# Descriptive keys of the source that the gateway has no use for; anything else unknown is reported.
IGNORED_PROVIDER_KEYS = {"name", "pricing_urls", "description", "price_comments", "extractors"}
IGNORED_MODEL_KEYS = {"name", "description", "context_window", "price_comments", "deprecated"}

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_OUT = os.path.join(ROOT, "src", "main", "resources", "loom", "analytics", "genai-prices.json")


class SourceError(Exception):
    """The source holds something the gateway's reader would not understand."""


def main():
    args = parse_args()
    with open(args.data, "rb") as source:
        raw = source.read()
    # Decimals keep the prices exactly as written (0.075 stays 0.075, never 0.07500000000000001).
    data = json.loads(raw, parse_float=decimal.Decimal)
    providers = data["providers"] if isinstance(data, dict) else data
    left_out = Counter()
    try:
        normalised = [provider_of(provider, left_out) for provider in providers]
    except SourceError as e:
        sys.exit("refresh-prices: " + str(e))
    header = {
        "source": "pydantic/genai-prices prices/data.json",
        "source_commit": args.commit,
        "source_date": args.date,
        "source_sha256": hashlib.sha256(raw).hexdigest(),
        "licence": "MIT, Copyright (c) Pydantic Services Inc.: see genai-prices.LICENSE beside this file",
        "generated_by": "scripts/refresh-prices.py",
        "providers": len(normalised),
        "models": sum(len(provider["models"]) for provider in normalised),
        "left_out": dict(sorted(left_out.items())),
    }
    write(args.out, header, normalised)
    shutil.copyfile(args.license, os.path.join(os.path.dirname(args.out), "genai-prices.LICENSE"))
    print("wrote %s: %d providers, %d models" % (args.out, header["providers"], header["models"]))
    for what, count in header["left_out"].items():
        print("  left out %s: %d" % (what, count))


def parse_args():
    parser = argparse.ArgumentParser(description="Build the gateway's price list from genai-prices' data.json")
    parser.add_argument("data", help="path of genai-prices' prices/data.json")
    parser.add_argument("--commit", required=True, help="the genai-prices commit the copy comes from")
    parser.add_argument("--date", required=True, help="the day the copy was published, yyyy-mm-dd")
    parser.add_argument("--license", required=True, help="path of genai-prices' LICENSE (MIT), shipped beside the list")
    parser.add_argument("--out", default=DEFAULT_OUT, help="where to write the list (default: the shipped resource)")
    args = parser.parse_args()
    if not re.fullmatch(r"[0-9a-f]{7,40}", args.commit):
        parser.error("--commit must be a git commit id (hex); got %r" % args.commit)
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", args.date):
        parser.error("--date must be yyyy-mm-dd; got %r" % args.date)
    return args


# Normalising ---

def provider_of(provider, left_out):
    pid = provider["id"]
    for key in provider:
        if key not in IGNORED_PROVIDER_KEYS | {"id", "api_pattern", "provider_match", "model_match",
                                               "fallback_model_providers", "models"}:
            left_out["provider key " + key] += 1
    result = {"id": pid, "api_pattern": provider["api_pattern"]}
    for key in ("provider_match", "model_match"):
        if key in provider:
            result[key] = clause(provider[key], "%s.%s" % (pid, key))
    if provider.get("fallback_model_providers"):
        result["fallback_model_providers"] = list(provider["fallback_model_providers"])
    models = []
    for model in provider["models"]:
        normalised = model_of(model, pid, left_out)
        if normalised is not None:
            models.append(normalised)
    result["models"] = models
    return result


def model_of(model, pid, left_out):
    where = "%s/%s" % (pid, model["id"])
    for key in model:
        if key not in IGNORED_MODEL_KEYS | {"id", "match", "prices"}:
            left_out["model key " + key] += 1
    prices = model["prices"]
    entries = prices if isinstance(prices, list) else [{"prices": prices}]
    sets = [price_set(entry, where, left_out) for entry in entries]
    if any(price_set is None for price_set in sets):
        left_out["models priced only in kinds the gateway does not charge"] += 1
        return None
    return {"id": model["id"], "match": clause(model["match"], where + ".match"), "prices": sets}


def price_set(entry, where, left_out):
    """One price set with its constraint inlined; None when the source priced it only in dropped kinds."""
    for key in entry:
        if key not in ("constraint", "prices"):
            raise SourceError("%s: unknown key %r in a conditional price" % (where, key))
    result = {}
    constraint = entry.get("constraint")
    if constraint is not None:
        keys = set(constraint)
        if keys == {"start_date"}:
            result["start_date"] = constraint["start_date"]
        elif keys == {"start_time", "end_time"}:
            result["start_time"] = constraint["start_time"]
            result["end_time"] = constraint["end_time"]
        else:
            raise SourceError("%s: unknown price constraint %s" % (where, sorted(keys)))
    source = entry["prices"]
    for key in KEPT_PRICES:
        if key in source:
            result[key] = price(source[key], "%s.%s" % (where, key))
    dropped = [key for key in source if key not in KEPT_PRICES]
    for key in dropped:
        left_out["price " + key] += 1
    if dropped and not any(key in source for key in KEPT_PRICES):
        return None
    return result


def price(value, where):
    if isinstance(value, (int, decimal.Decimal)) and not isinstance(value, bool):
        if value < 0:
            raise SourceError("%s: negative price %s" % (where, value))
        return value
    if isinstance(value, dict) and set(value) == {"base", "tiers"}:
        tiers = sorted(value["tiers"], key=lambda tier: tier["start"])
        return {"base": price(value["base"], where),
                "tiers": [{"start": int(tier["start"]), "price": price(tier["price"], where)} for tier in tiers]}
    raise SourceError("%s: a price must be a number or {base, tiers}; got %r" % (where, value))


def clause(rule, where):
    if not isinstance(rule, dict) or len(rule) != 1:
        raise SourceError("%s: a match rule has exactly one key; got %r" % (where, rule))
    (kind, value), = rule.items()
    if kind not in CLAUSES:
        raise SourceError("%s: unknown match clause %r" % (where, kind))
    if kind in ("or", "and"):
        return {kind: [clause(item, where) for item in value]}
    if kind == "regex":
        re.compile(value)
    return {kind: value}


# Writing ---

def write(path, header, providers):
    """One provider head and one model per line, so a refresh shows as a readable diff."""
    lines = ['{"header": ' + dumps(header) + ',', '"providers": [']
    for p_index, provider in enumerate(providers):
        head = {key: value for key, value in provider.items() if key != "models"}
        lines.append(dumps(head)[:-1] + ', "models": [')
        for m_index, model in enumerate(provider["models"]):
            lines.append("  " + dumps(model) + ("," if m_index < len(provider["models"]) - 1 else ""))
        lines.append("]}" + ("," if p_index < len(providers) - 1 else ""))
    lines.append("]}")
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        out.write("\n".join(lines) + "\n")


def dumps(value):
    """JSON text with Decimals written plainly as the numbers they are (json.dumps cannot write a Decimal)."""
    if isinstance(value, decimal.Decimal):
        return format(value, "f")
    if isinstance(value, dict):
        return "{" + ", ".join(json.dumps(key) + ": " + dumps(item) for key, item in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(dumps(item) for item in value) + "]"
    return json.dumps(value, ensure_ascii=False)


if __name__ == "__main__":
    main()
