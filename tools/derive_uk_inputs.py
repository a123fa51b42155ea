#!/usr/bin/python3
"""Derive devolve's UK base data (data/uk/) from the public sources in ../shared/data/.

Run with the Debian Python (it needs python3-pandas and python3-numpy):

    /usr/bin/python3 tools/derive_uk_inputs.py [--shared DIR] [--out DIR]

Reads the ONS (and Nesta) source files described in ../shared/data/README.md and every
PROVENANCE.md there, and writes compact tidy CSV files into data/uk/:

    national/  the 105-industry UK input-output table 2022 and its satellites
    itl1/      12 ITL1 regions (ITL 2021 = ITL 2025 at this level)
    itl2/      46 ITL2 areas of the ITL 2025 geography (the regional GVA vintage)

Every file, column, unit and transformation is documented in data/uk/README.md, every
assumption in data/uk/assumptions.csv. The output is deterministic: same inputs, same bytes.
The script checks the identities of the national table and the regional totals and prints
a summary; it exits non-zero if a check fails.
"""

import argparse
import math
import os
import re
import sys

import numpy as np
import pandas as pd

from labour_market import derive_labour_market

YEAR = 2022
UK_GVA_2022 = 2266082.0  # GBP million; IOAT 2022 total = ONS regional GVA (April 2025) UK total

# ---------------------------------------------------------------------------------------------
# Output helpers
# ---------------------------------------------------------------------------------------------


def fmt(v, sig=10):
    """Format a number deterministically: integers as integers, others with `sig` significant
    digits (no trailing zeros), never '-0'."""
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return ""
    if isinstance(v, (int, np.integer)):
        return str(int(v))
    v = float(v)
    if v == 0.0:
        return "0"
    if v == round(v) and abs(v) < 1e15:
        return str(int(round(v)))
    s = "%.*g" % (sig, v)
    return s


def csv_field(x):
    s = x if isinstance(x, str) else fmt(x)
    if any(c in s for c in ',"\n'):
        s = '"' + s.replace('"', '""') + '"'
    return s


class Writer:
    def __init__(self, out):
        self.out = out
        self.written = []

    def write(self, rel, header, rows):
        path = os.path.join(self.out, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        lines = [",".join(header)]
        for r in rows:
            assert len(r) == len(header), (rel, r)
            lines.append(",".join(csv_field(x) for x in r))
        data = ("\n".join(lines) + "\n").encode("utf-8")
        with open(path, "wb") as f:
            f.write(data)
        self.written.append((rel, len(rows), len(data)))


class Checks:
    def __init__(self):
        self.failed = []
        self.lines = []

    def info(self, msg):
        self.lines.append(msg)
        print(msg)

    def check(self, ok, msg):
        tag = "ok  " if ok else "FAIL"
        self.info("  [%s] %s" % (tag, msg))
        if not ok:
            self.failed.append(msg)


# ---------------------------------------------------------------------------------------------
# Classification tables (the committed concordances)
# ---------------------------------------------------------------------------------------------


def division(code):
    """SIC 2007 division (int) of an IOAT 2022 industry code: the two digits after the letter."""
    m = re.match(r"^[A-Z](\d\d)", code)
    assert m, code
    return int(m.group(1))


# IOAT industry -> regional GVA group, where not simply 'SIC' + two-digit division.
ITL1_GROUP_SPECIAL = {
    "B05": "SIC05-08", "B06 & B07": "SIC05-08", "B08": "SIC05-08",
    "C1101T1106 & C12": "SIC11-12", "C1107": "SIC11-12",
    "C19": "SIC19-20", "C203": "SIC19-20", "C204": "SIC19-20", "C205": "SIC19-20",
    "C20A": "SIC19-20", "C20B": "SIC19-20", "C20C": "SIC19-20",
    "D351": "SIC35", "D352_3": "SIC35",
    "F41, F42 & F43": "SIC41-43",
    "J59 & J60": "SIC59-60",
    "L68A": "SIC68IMP",
    "Q87 & Q88": "SIC87-88",
    "T97": "SIC97-98",
}
# ITL2 is coarser in these places (ONS publishes combined divisions at ITL2).
ITL2_GROUP_SPECIAL = {
    "A02": "SIC02-03", "A03": "SIC02-03",
    "B05": "SIC05-09", "B06 & B07": "SIC05-09", "B08": "SIC05-09", "B09": "SIC05-09",
    "C14": "SIC14-15", "C15": "SIC14-15",
    "C16": "SIC16-17", "C17": "SIC16-17",
    "C19": "SIC19-21", "C203": "SIC19-21", "C204": "SIC19-21", "C205": "SIC19-21",
    "C20A": "SIC19-21", "C20B": "SIC19-21", "C20C": "SIC19-21", "C21": "SIC19-21",
    "E36": "SIC36-37", "E37": "SIC36-37", "E38": "SIC38-39", "E39": "SIC38-39",
    "H50": "SIC50-51", "H51": "SIC50-51",
}
# Regional GVA group -> ONS sic07_code rows that are summed to make it (default: the division).
GROUP_ONS_CODES = {
    "SIC05-08": ["5-8"], "SIC05-09": ["B (5-9)"], "SIC02-03": ["2-3"],
    "SIC11-12": ["11-12"], "SIC14-15": ["14-15"], "SIC16-17": ["16-17"],
    "SIC19-20": ["CD-CE (19-20)"], "SIC19-21": ["CD-CF (19-21)"], "SIC21": ["CF (21)"],
    "SIC26": ["CI (26)"], "SIC27": ["CJ (27)"], "SIC28": ["CK (28)"],
    "SIC35": ["D (35)"], "SIC36-37": ["36-37"], "SIC38-39": ["38-39"],
    "SIC41-43": ["F (41-43)"], "SIC50-51": ["50-51"], "SIC59-60": ["59", "60"],
    "SIC68": ["68"], "SIC68IMP": ["68IMP"], "SIC84": ["O (84)"], "SIC85": ["P (85)"],
    "SIC87-88": ["87", "88"], "SIC97-98": ["T (97-98)"],
}


def itl1_group(code):
    return ITL1_GROUP_SPECIAL.get(code, "SIC%02d" % division(code))


def itl2_group(code):
    return ITL2_GROUP_SPECIAL.get(code, itl1_group(code))


def group_ons_codes(group):
    if group in GROUP_ONS_CODES:
        return GROUP_ONS_CODES[group]
    return ["%02d" % int(group[3:])]


def income_group(code, level):
    """Group of the ONS income-components release (sections, manufacturing split CA-CM)."""
    letter, d = code[0], division(code)
    if letter != "C":
        return letter
    if d <= 12:
        return "CA"
    if d <= 15:
        return "CB"
    if d <= 18:
        return "CC"
    if d <= 21 and level == "itl2":
        return "CD-CF"
    if d <= 20:
        return "CD-CE"
    if d == 21:
        return "CF"
    if d <= 23:
        return "CG"
    if d <= 25:
        return "CH"
    if d == 26:
        return "CI"
    if d == 27:
        return "CJ"
    if d == 28:
        return "CK"
    if d <= 30:
        return "CL"
    return "CM"


# IOAT industry -> ONS Environmental Accounts detailed SIC(07) group(s), GHG intensity 2022.
GHG_CODES = {
    "A01": ["1"], "A02": ["2"], "A03": ["3"], "B05": ["5"], "B06 & B07": ["6", "7"],
    "B08": ["8"], "B09": ["9"], "C101": ["10.1"], "C102_3": ["10.2-3"], "C104": ["10.4"],
    "C105": ["10.5"], "C106": ["10.6"], "C107": ["10.7"], "C108": ["10.8"], "C109": ["10.9"],
    "C1101T1106 & C12": ["11.01-6 &12"], "C1107": ["11.07"], "C13": ["13"], "C14": ["14"],
    "C15": ["15"], "C16": ["16"], "C17": ["17"], "C18": ["18"], "C19": ["19"],
    "C203": ["20.3"], "C204": ["20.4"], "C205": ["20.5"], "C20A": ["20.11+20.13+20.15"],
    "C20B": ["20.14+20.16+20.17+20.6"], "C20C": ["20.12+20.2"], "C21": ["21"], "C22": ["22"],
    "C235_6": ["23.5-6"], "C23OTHER": ["23.1-4 & 23.7-9"], "C241T243": ["24.1-3"],
    "C244_5": ["24.4-5"], "C254": ["25.4"], "C25OTHER": ["25.1-3+25.5-9"], "C26": ["26"],
    "C27": ["27"], "C28": ["28"], "C29": ["29"], "C301": ["30.1"], "C303": ["30.3"],
    "C30OTHER": ["30.2+4+9"], "C31": ["31"], "C32": ["32"], "C3315": ["33.15"],
    "C3316": ["33.16"], "C33OTHER": ["33 (not 33.15-16)"], "D351": ["35.1"],
    "D352_3": ["35.2-3"], "E36": ["36"], "E37": ["37"], "E38": ["38"], "E39": ["39"],
    "F41, F42 & F43": ["41", "42", "43"], "G45": ["45"], "G46": ["46"], "G47": ["47"],
    "H491_2": ["49.1-2"], "H493T495": ["49.3-5"], "H50": ["50"], "H51": ["51"], "H52": ["52"],
    "H53": ["53"], "I55": ["55"], "I56": ["56"], "J58": ["58"], "J59 & J60": ["59", "60"],
    "J61": ["61"], "J62": ["62"], "J63": ["63"], "K64": ["64"],
    "K65.1-2 & K65.3": ["65.1-2", "65.3"], "K66": ["66"], "L683": ["68.3"], "L68A": [],
    "L68BXL683": ["68.1-2"], "M691": ["69.1"], "M692": ["69.2"], "M70": ["70"], "M71": ["71"],
    "M72": ["72"], "M73": ["73"], "M74": ["74"], "M75": ["75"], "N77": ["77"], "N78": ["78"],
    "N79": ["79"], "N80": ["80"], "N81": ["81"], "N82": ["82"], "O84": ["84"], "P85": ["85"],
    "Q86": ["86"], "Q87 & Q88": ["87", "88"], "R90": ["90"], "R91": ["91"], "R92": ["92"],
    "R93": ["93"], "S94": ["94"], "S95": ["95"], "S96": ["96"], "T97": ["97"],
}
# Where a detailed group is flagged [z] (not applicable), use this group's intensity instead.
GHG_Z_FALLBACK = {"25.4": "25.1-3+25.5-9"}

FD_CATEGORIES = [
    # (category id, ONS column in final_demand_domestic_bp.csv, ONS code, name, role)
    ("households", "P3_S14_households", "P3 S14", "Household final consumption expenditure", "households"),
    ("npish", "P3_S15_npish", "P3 S15", "Final consumption expenditure of non-profit institutions serving households", "npish"),
    ("government", "P3_S13_government", "P3 S13", "General government final consumption expenditure", "government"),
    ("gfcf", "P51G_gfcf", "P51G", "Gross fixed capital formation", "gfcf"),
    ("inventories", "P52_changes_in_inventories", "P52", "Changes in inventories", "inventories"),
    ("valuables", "P53_valuables", "P53", "Acquisitions less disposals of valuables", "inventories"),
    ("exports_goods_eu", "P61EU_exports_goods_eu", "P61EU", "Exports of goods to the EU", "exports"),
    ("exports_goods_row", "P61RW_exports_goods_row", "P61RW", "Exports of goods to the rest of the world", "exports"),
    ("exports_services", "P62_exports_services", "P62", "Exports of services", "exports"),
]

PRIMARY_ROWS = [
    # (output column, row_item in primary_inputs_and_totals.csv)
    ("total_intermediate_domestic", "_T_total_intermediate_domestic_bp"),
    ("imports_cif", "imports_use_cif"),
    ("product_taxes_less_subsidies", "taxes_less_subsidies_on_products"),
    ("compensation_of_employees", "D1_compensation_of_employees"),
    ("gos_and_mixed_income", "B2G_B3G_gross_operating_surplus_and_mixed_income"),
    ("other_taxes_less_subsidies_on_production", "D29_D39_other_taxes_less_subsidies_on_production"),
    ("gva", "B1G_gross_value_added"),
    ("output", "P1_total_output_bp"),
]

ITL1_CODES = ["TLC", "TLD", "TLE", "TLF", "TLG", "TLH", "TLI", "TLJ", "TLK", "TLL", "TLM", "TLN"]

# ITL 2021 ITL3 -> ITL 2025 ITL2. ITL2 areas whose 2021 and 2025 codes are the same are the
# same area (checked below against the two GVA vintages), so only the changed ones are listed.
# Basis: ONS ITL 2025 area names plus the GVA comparison of the two vintages (see README).
ITL3_TO_ITL2_2025 = {
    # North East: TLC1 Tees Valley and Durham, TLC2 Northumberland and Tyne and Wear
    #   -> TLC3 Tees Valley, TLC4 Northumberland, Durham and Tyne & Wear
    "TLC11": "TLC3", "TLC12": "TLC3", "TLC13": "TLC3", "TLC14": "TLC4",
    "TLC21": "TLC4", "TLC22": "TLC4", "TLC23": "TLC4",
    # East: TLH1 East Anglia -> TLH4 Cambridgeshire and Peterborough, TLH5 Norfolk, TLH6 Suffolk
    "TLH11": "TLH4", "TLH12": "TLH4", "TLH14": "TLH6",
    "TLH15": "TLH5", "TLH16": "TLH5", "TLH17": "TLH5",
    # South West: TLK1, TLK2 -> TLK5 West of England, TLK6 N Somerset, Somerset and Dorset,
    #   TLK7 Gloucestershire and Wiltshire (TLK12 is split, see ITL3_SPLITS)
    "TLK11": "TLK5", "TLK13": "TLK7", "TLK14": "TLK7", "TLK15": "TLK7",
    "TLK23": "TLK6", "TLK24": "TLK6", "TLK25": "TLK6",
    # Wales: TLL1, TLL2 -> TLL3 North Wales, TLL4 Mid and South West Wales, TLL5 South East Wales
    "TLL11": "TLL3", "TLL12": "TLL3", "TLL13": "TLL3", "TLL23": "TLL3",
    "TLL14": "TLL4", "TLL18": "TLL4", "TLL24": "TLL4",
    "TLL15": "TLL5", "TLL16": "TLL5", "TLL21": "TLL5", "TLL22": "TLL5",
    # Scotland: TLM6, TLM7, TLM8 -> TLM0 Eastern, TLM1 East Central, TLM2 Highlands and
    #   Islands, TLM3 West Central (TLM5, TLM9 keep their codes)
    "TLM61": "TLM2", "TLM62": "TLM2", "TLM63": "TLM2", "TLM64": "TLM2", "TLM65": "TLM2",
    "TLM66": "TLM2",
    "TLM71": "TLM0", "TLM72": "TLM0", "TLM77": "TLM0",
    "TLM73": "TLM1", "TLM75": "TLM1", "TLM76": "TLM1", "TLM78": "TLM1",
    "TLM81": "TLM3", "TLM82": "TLM3", "TLM83": "TLM3", "TLM84": "TLM3",
}
# ITL3 areas of 2021 that the 2025 ITL2 boundary cuts through: shares of their population,
# from ONS Census 2021 usual resident population by local authority (rounded to 100; these
# four numbers are not in ../shared/data and are hard-coded here).
ITL3_SPLITS = {
    # Bath and North East Somerset 193,400 + South Gloucestershire 290,400 -> West of England;
    # North Somerset 216,700 -> North Somerset, Somerset and Dorset
    "TLK12": [("TLK5", 193400 + 290400), ("TLK6", 216700)],
    # Bridgend 145,500 -> South East Wales; Neath Port Talbot 142,300 -> Mid and South West Wales
    "TLL17": [("TLL5", 145500), ("TLL4", 142300)],
}

# ---------------------------------------------------------------------------------------------
# Geodesy: British National Grid (OSGB36 / EPSG:27700) -> WGS84, and great-circle distance
# ---------------------------------------------------------------------------------------------


def bng_to_wgs84(E, N):
    """Ordnance Survey inverse transverse Mercator (Airy 1830) then the OSGB36->WGS84 Helmert
    transformation (the EPSG:27700 towgs84 parameters; accuracy a few metres)."""
    a, b = 6377563.396, 6356256.909
    F0 = 0.9996012717
    lat0, lon0 = math.radians(49.0), math.radians(-2.0)
    N0, E0 = -100000.0, 400000.0
    e2 = 1 - (b * b) / (a * a)
    n = (a - b) / (a + b)
    lat, M = lat0, 0.0
    while True:
        lat = (N - N0 - M) / (a * F0) + lat
        Ma = (1 + n + 1.25 * n ** 2 + 1.25 * n ** 3) * (lat - lat0)
        Mb = (3 * n + 3 * n ** 2 + 21.0 / 8 * n ** 3) * math.sin(lat - lat0) * math.cos(lat + lat0)
        Mc = (15.0 / 8 * n ** 2 + 15.0 / 8 * n ** 3) * math.sin(2 * (lat - lat0)) * math.cos(2 * (lat + lat0))
        Md = 35.0 / 24 * n ** 3 * math.sin(3 * (lat - lat0)) * math.cos(3 * (lat + lat0))
        M = b * F0 * (Ma - Mb + Mc - Md)
        if abs(N - N0 - M) < 1e-5:
            break
    s, c, t = math.sin(lat), math.cos(lat), math.tan(lat)
    nu = a * F0 / math.sqrt(1 - e2 * s * s)
    rho = a * F0 * (1 - e2) / (1 - e2 * s * s) ** 1.5
    eta2 = nu / rho - 1
    VII = t / (2 * rho * nu)
    VIII = t / (24 * rho * nu ** 3) * (5 + 3 * t * t + eta2 - 9 * t * t * eta2)
    IX = t / (720 * rho * nu ** 5) * (61 + 90 * t * t + 45 * t ** 4)
    X = 1 / (c * nu)
    XI = 1 / (c * 6 * nu ** 3) * (nu / rho + 2 * t * t)
    XII = 1 / (c * 120 * nu ** 5) * (5 + 28 * t * t + 24 * t ** 4)
    XIIA = 1 / (c * 5040 * nu ** 7) * (61 + 662 * t * t + 1320 * t ** 4 + 720 * t ** 6)
    dE = E - E0
    phi = lat - VII * dE ** 2 + VIII * dE ** 4 - IX * dE ** 6
    lam = lon0 + X * dE - XI * dE ** 3 + XII * dE ** 5 - XIIA * dE ** 7
    # OSGB36 geodetic -> cartesian (h = 0)
    nu1 = a / math.sqrt(1 - e2 * math.sin(phi) ** 2)
    x1 = nu1 * math.cos(phi) * math.cos(lam)
    y1 = nu1 * math.cos(phi) * math.sin(lam)
    z1 = nu1 * (1 - e2) * math.sin(phi)
    # Helmert, position-vector convention (+towgs84=446.448,-125.157,542.06,0.15,0.247,0.842,-20.489)
    tx, ty, tz = 446.448, -125.157, 542.060
    sec = math.pi / (180 * 3600)
    rx, ry, rz = 0.1502 * sec, 0.2470 * sec, 0.8421 * sec
    sc = -20.4894e-6
    x2 = tx + (1 + sc) * x1 - rz * y1 + ry * z1
    y2 = ty + rz * x1 + (1 + sc) * y1 - rx * z1
    z2 = tz - ry * x1 + rx * y1 + (1 + sc) * z1
    # cartesian -> WGS84 geodetic
    a2, b2 = 6378137.000, 6356752.3141
    e22 = 1 - (b2 * b2) / (a2 * a2)
    p = math.sqrt(x2 * x2 + y2 * y2)
    phi2 = math.atan2(z2, p * (1 - e22))
    for _ in range(20):
        nu2 = a2 / math.sqrt(1 - e22 * math.sin(phi2) ** 2)
        phi2 = math.atan2(z2 + e22 * nu2 * math.sin(phi2), p)
    lam2 = math.atan2(y2, x2)
    return math.degrees(phi2), math.degrees(lam2)


def haversine_km(lat1, lon1, lat2, lon2, R=6371.0088):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * R * math.asin(math.sqrt(h))


def internal_distance_km(area_km2):
    """0.5 * sqrt(area / pi): the internal-distance convention suggested in
    ../shared/data/itl_centroids_distances/PROVENANCE.md (half the radius of a disc of equal area)."""
    return 0.5 * math.sqrt(area_km2 / math.pi)


def cagr(v0, v1, years):
    return (v1 / v0) ** (1.0 / years) - 1.0


# ---------------------------------------------------------------------------------------------
# Main derivation
# ---------------------------------------------------------------------------------------------


# ---------------------------------------------------------------------------------------------
# Households: residents' income (GDHI by LAD) and where workplace compensation goes (commuting)
# ---------------------------------------------------------------------------------------------

# GDHI components (ONS regional GDHI by LAD, 2022, GBP million): output column -> (component text)
GDHI_COMPONENTS = [
    ("coe_received", "Compensation of employees"),
    ("operating_surplus", "Operating surplus"),
    ("mixed_income", "Mixed income"),
    ("property_income_received", "Property income, received"),
    ("social_benefits_received", "Imputed social contributions/Social benefits received"),
    ("other_transfers_received", "Other current transfers, received"),
    ("property_income_paid", "Property income, paid"),
    ("current_taxes", "Current taxes on income, wealth etc"),
    ("social_contributions_paid", "Social contributions/Social benefits paid"),
    ("other_transfers_paid", "Other current transfers, paid"),
    ("primary_resources", "Primary resources total"),
    ("secondary_resources", "Secondary resources total"),
    ("gdhi", "Gross Disposable Income"),
]
# Residence areas absent as origins in the Census 2021 England and Wales flows (ODWP01EW)
NO_CENSUS_ORIGINS = ("TLM", "TLN")


def derive_households(W, C, src, levels):
    """Writes <level>/households.csv (residents' GDHI and its components, from LADs) and
    <level>/commuting.csv (the share of each workplace region's commuters living in each region).
    `levels` maps "itl1"/"itl2" to the list of region codes of the model."""
    C.info("== Households: GDHI by LAD (ONS 2024 release, 2022) and Census 2021 commuting (ODWP01EW)")
    g = pd.read_csv(src("gdhi_lad", "lad_gdhi_components_current_prices_gbp_million_1997_2022.csv"))
    lk = pd.read_csv(src("geography_itl_lad", "lad25_lau1_itl3_itl2_itl1_jan2025_lookup.csv"), dtype=str)
    col = {"itl1": "ITL125CD", "itl2": "ITL225CD"}
    g = g.merge(lk[["LAD25CD", "ITL125CD", "ITL225CD"]], left_on="lad_code", right_on="LAD25CD", how="left")
    C.check(g.ITL125CD.notna().all(), "every GDHI LAD is in the ITL 2025 lookup")
    uk_gdhi = g.loc[g.component == "Gross Disposable Income", str(YEAR)].sum()
    C.check(abs(uk_gdhi - 1540635) < 0.5, "UK GDHI 2022 = %.0f (ONS: 1,540,635)" % uk_gdhi)
    for level, regions in levels.items():
        piv = g.pivot_table(index=col[level], columns="component", values=str(YEAR), aggfunc="sum")
        C.check(sorted(piv.index) == sorted(regions), "%s: GDHI covers the %d model regions" % (level, len(regions)))
        rows = []
        for r in regions:
            v = {k: float(piv.loc[r, comp]) for k, comp in GDHI_COMPONENTS}
            uses = float(piv.loc[r, "Primary uses total"] + piv.loc[r, "Secondary uses total"])
            gross = v["primary_resources"] + v["secondary_resources"]
            C.check(abs(gross - uses - v["gdhi"]) < 1e-3 * v["gdhi"], "%s %s: resources - uses = GDHI (%.0f, LAD rounding)" % (level, r, v["gdhi"]))
            rows.append([r] + [fmt(v[k]) for k, _ in GDHI_COMPONENTS] + [fmt(gross)])
        W.write(level + "/households.csv", ["region_code"] + [k for k, _ in GDHI_COMPONENTS] + ["gross_resources"], rows)

        od = pd.read_csv(src("commuting_census2021_od", "census2021_commuting_%s_2025codes_long.csv" % level))
        od = od[(od["mode"] == "commute_to_workplace") & od.iloc[:, 1].isin(regions)]
        od.columns = ["res", "wp", "mode", "persons"]
        rows = []
        for w in regions:
            if w.startswith(NO_CENSUS_ORIGINS):
                rows.append([w, w, "", "1"])  # no residence data: compensation stays with residents
                continue
            f = od[(od.wp == w) & ~od.res.str.startswith(NO_CENSUS_ORIGINS)].groupby("res").persons.sum()
            total = float(f.sum())
            C.check(total > 0, "%s %s: commuters into the workplace region" % (level, w))
            for r in regions:
                if r in f.index and f[r] > 0:
                    rows.append([r, w, fmt(int(f[r])), fmt(f[r] / total, 12)])
        W.write(level + "/commuting.csv", ["residence_code", "workplace_code", "commuters_2021", "share"], rows)


def main(argv=None):
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", default=os.path.join(repo, "..", "shared", "data"),
                    help="folder with the source data (default: <repo>/../shared/data)")
    ap.add_argument("--out", default=os.path.join(repo, "data", "uk"),
                    help="output folder (default: <repo>/data/uk)")
    args = ap.parse_args(argv)
    S = os.path.normpath(args.shared)
    W = Writer(os.path.normpath(args.out))
    C = Checks()

    def src(*p):
        return os.path.join(S, *p)

    # ======================================================================= national IOAT
    C.info("== National input-output table (ONS IOAT 2022, industry by industry)")
    ind = pd.read_csv(src("uk_ioat_2022_ixi", "industries.csv"), dtype=str)
    codes = list(ind.iot_code)
    assert len(codes) == 105 and len(set(codes)) == 105
    idx = {c: i for i, c in enumerate(codes)}
    Z = pd.read_csv(src("uk_ioat_2022_ixi", "Z_intermediate_domestic_bp.csv"), index_col=0)
    F = pd.read_csv(src("uk_ioat_2022_ixi", "final_demand_domestic_bp.csv"), index_col=0)
    P = pd.read_csv(src("uk_ioat_2022_ixi", "primary_inputs_and_totals.csv"), index_col=0)
    assert list(Z.index) == codes and list(Z.columns) == codes and list(F.index) == codes
    Zv = Z.values.astype(float)
    prim = {col: P.loc[row, codes].astype(float).values for col, row in PRIMARY_ROWS}
    x = prim["output"]
    gva = prim["gva"]
    fd = {cat: F[col].astype(float).values for cat, col, *_ in FD_CATEGORIES}
    fd_sum = sum(fd.values())

    # identities
    row_res = x - (Zv.sum(axis=1) + fd_sum)
    col_res = x - (Zv.sum(axis=0) + prim["imports_cif"] + prim["product_taxes_less_subsidies"] + gva)
    va_res = gva - (prim["compensation_of_employees"] + prim["gos_and_mixed_income"]
                    + prim["other_taxes_less_subsidies_on_production"])
    tot_res = prim["total_intermediate_domestic"] - Zv.sum(axis=0)
    s1_res = F["P3_S1_final_consumption_total"].values - (fd["households"] + fd["npish"] + fd["government"])
    tu_res = F["TU_total_use"].values - x
    C.check(np.abs(row_res).max() < 1e-3,
            "row identity x = Z.1 + sum(final demand): max |residual| %.2e (%s)"
            % (np.abs(row_res).max(), codes[int(np.abs(row_res).argmax())]))
    C.check(np.abs(col_res).max() < 1e-3,
            "column identity x = 1'Z + imports + product taxes + GVA: max |residual| %.2e (%s)"
            % (np.abs(col_res).max(), codes[int(np.abs(col_res).argmax())]))
    C.check(np.abs(va_res).max() < 1e-6, "GVA = D1 + GOS&MI + D29-D39: max |residual| %.2e" % np.abs(va_res).max())
    C.check(np.abs(tot_res).max() < 1e-3, "published _T row = column sums of Z: max |residual| %.2e" % np.abs(tot_res).max())
    C.check(np.abs(s1_res).max() < 1e-3, "P3 S1 = S13 + S14 + S15: max |residual| %.2e" % np.abs(s1_res).max())
    C.check(np.abs(tu_res).max() < 1e-6, "TU (total use) = P1 (output): max |residual| %.2e" % np.abs(tu_res).max())
    C.check(abs(gva.sum() - UK_GVA_2022) < 0.5, "IOAT GVA total = %.0f (expected %.0f)" % (gva.sum(), UK_GVA_2022))
    C.check(abs(x.sum() - 4548357) < 0.5, "IOAT total output = %.0f" % x.sum())
    C.info("  Z total %.1f; domestic final demand %.1f; imports %.0f; product taxes %.0f"
           % (Zv.sum(), fd_sum.sum(), prim["imports_cif"].sum(), prim["product_taxes_less_subsidies"].sum()))
    C.check((gva > 0).all() and (x > 0).all(), "every industry has positive output and GVA")

    # ---- regional GVA source (needed for groups and for GHG weights)
    g1 = pd.read_csv(src("regional_gva_by_industry_itl", "itl1_gva_current_prices_gbp_million.csv"),
                     dtype={"sic07_code": str})
    g2 = pd.read_csv(src("regional_gva_by_industry_itl", "itl2_gva_current_prices_gbp_million.csv"),
                     dtype={"sic07_code": str})
    v1 = g1.pivot(index="itl_code", columns="sic07_code", values=str(YEAR))
    v2 = g2.pivot(index="itl_code", columns="sic07_code", values=str(YEAR))

    groups1 = [itl1_group(c) for c in codes]
    groups2 = [itl2_group(c) for c in codes]

    def group_list(groups):
        seen = []
        for g in groups:
            if g not in seen:
                seen.append(g)
        return seen

    G1, G2 = group_list(groups1), group_list(groups2)
    for G, v in ((G1, v1), (G2, v2)):
        for g in G:
            for oc in group_ons_codes(g):
                assert oc in v.columns, (g, oc)

    def group_values(v, G):
        """DataFrame region x group of published GVA (sum of the group's ONS rows)."""
        return pd.DataFrame({g: v[group_ons_codes(g)].sum(axis=1) for g in G})

    gv1 = group_values(v1, G1)
    gv2 = group_values(v2, G2)

    # national GVA split shares within regional groups (onshore; see Extra-Regio below)
    er = v1.loc["TLZ"]
    er_by_ioat = np.zeros(105)
    er_total = float(er["Total"])
    er_groups = {g: float(gv1.loc["TLZ", g]) for g in G1 if gv1.loc["TLZ", g] != 0}
    # Extra-Regio is offshore oil and gas (SIC 05-08 = IOAT B06 & B07 in practice) and
    # public administration abroad (O 84).
    ER_TARGET = {"SIC05-08": "B06 & B07", "SIC84": "O84"}
    assert set(er_groups) <= set(ER_TARGET), er_groups
    for g, val in er_groups.items():
        er_by_ioat[idx[ER_TARGET[g]]] += val
    assert abs(sum(er_groups.values()) - er_total) < 0.5
    onshore = gva - er_by_ioat
    assert (onshore > 0).all()

    def split_shares(groups):
        tot = {}
        for i, g in enumerate(groups):
            tot[g] = tot.get(g, 0.0) + onshore[i]
        return np.array([onshore[i] / tot[g] for i, g in enumerate(groups)]), tot

    share1, _ = split_shares(groups1)
    share2, _ = split_shares(groups2)
    n_in1 = {g: groups1.count(g) for g in G1}
    n_in2 = {g: groups2.count(g) for g in G2}

    # ---- industries.csv + concordance
    bres_sections = set("ABCDEFGHIJKLMNOPQRS")
    rows_ind, rows_conc = [], []
    for i, c in enumerate(codes):
        sec = ind.sic07_section[i]
        assert sec == c[0]
        rows_ind.append([i + 1, c, ind.industry_name[i], sec, groups1[i], groups2[i]])
        notes = []
        if n_in1[groups1[i]] > 1:
            notes.append("ITL1 group shared by %d IOAT industries: split by national GVA shares" % n_in1[groups1[i]])
        if groups2[i] != groups1[i]:
            notes.append("ITL2 coarser than ITL1 (%s)" % groups2[i])
        if c == "T97":
            notes.append("no BRES data for section T")
        if c == "L68A":
            notes.append("owner-occupiers' imputed rent: no employment")
        rows_conc.append([c, sec, groups1[i], ";".join(group_ons_codes(groups1[i])), n_in1[groups1[i]], share1[i],
                          groups2[i], ";".join(group_ons_codes(groups2[i])), n_in2[groups2[i]], share2[i],
                          income_group(c, "itl1"), income_group(c, "itl2"),
                          sec if sec in bres_sections else "", ";".join(GHG_CODES[c]), "; ".join(notes)])
    W.write("national/industries.csv",
            ["index", "code", "name", "sic07_section", "itl1_gva_group", "itl2_gva_group"], rows_ind)
    W.write("national/concordance_ioat_to_regional.csv",
            ["code", "sic07_section", "itl1_gva_group", "itl1_ons_sic07_codes", "itl1_group_n_ioat",
             "itl1_split_share", "itl2_gva_group", "itl2_ons_sic07_codes", "itl2_group_n_ioat",
             "itl2_split_share", "itl1_income_group", "itl2_income_group", "bres_section",
             "ghg_sic07_codes", "note"], rows_conc)

    # group definition table
    rows_grp = []
    for level, G, groups, v in (("itl1", G1, groups1, v1), ("itl2", G2, groups2, v2)):
        desc = g1 if level == "itl1" else g2
        names = dict(zip(desc.sic07_code, desc.sic07_description))
        for g in G:
            members = [codes[i] for i in range(105) if groups[i] == g]
            rows_grp.append([level, g, " + ".join(names[o] for o in group_ons_codes(g)),
                             ";".join(group_ons_codes(g)), len(members), ";".join(members)])
    W.write("national/regional_industry_groups.csv",
            ["level", "group", "name", "ons_sic07_codes", "n_ioat", "ioat_codes"], rows_grp)

    # ---- z.csv
    rows_z = []
    for i in range(105):
        for j in range(105):
            if Zv[i, j] != 0.0:
                rows_z.append([codes[i], codes[j], fmt(Zv[i, j], 15)])
    W.write("national/z.csv", ["row_code", "col_code", "value"], rows_z)

    # ---- final demand
    rows_fd = []
    for i in range(105):
        for cat, *_ in FD_CATEGORIES:
            if fd[cat][i] != 0.0:
                rows_fd.append([codes[i], cat, fmt(fd[cat][i], 15)])
    W.write("national/final_demand.csv", ["code", "category", "value"], rows_fd)
    rows_cat = []
    for k, (cat, col, onscode, name, role) in enumerate(FD_CATEGORIES):
        rows_cat.append([k + 1, cat, onscode, name, role, fmt(fd[cat].sum(), 10),
                         fmt(float(P.loc["imports_use_cif", col]), 12),
                         fmt(float(P.loc["taxes_less_subsidies_on_products", col]), 12)])
    W.write("national/final_demand_categories.csv",
            ["index", "category", "ons_code", "name", "role", "domestic_bp", "imports_cif",
             "product_taxes_less_subsidies"], rows_cat)

    # ---- primary inputs
    rows_p = []
    for i in range(105):
        rows_p.append([codes[i]] + [fmt(prim[col][i], 15) for col, _ in PRIMARY_ROWS])
    W.write("national/primary_inputs.csv", ["code"] + [c for c, _ in PRIMARY_ROWS], rows_p)

    # ---- employment
    C.info("== National employment and GHG")
    lfs = pd.read_csv(src("uk_employment_by_ioat_industry", "lfs_uk_employment_fte_by_ioat_industry_2017_2022.csv"),
                      dtype={"iot_code": str}).set_index("iot_code").loc[codes]
    bres = pd.read_csv(src("uk_employment_by_ioat_industry", "bres2021_gb_employment_by_ioat_industry.csv"),
                       dtype={"iot_code": str}).set_index("iot_code").loc[codes]
    jobs = lfs.empl_2022.values.astype(float).copy()
    fte = lfs.fte_2022.values.astype(float).copy()
    # LFS (STAPM mapping) puts SIC 68.1-2 workers in L68A; imputed rent has no employment.
    moved_jobs, moved_fte = jobs[idx["L68A"]], fte[idx["L68A"]]
    jobs[idx["L68BXL683"]] += moved_jobs
    fte[idx["L68BXL683"]] += moved_fte
    jobs[idx["L68A"]] = 0.0
    fte[idx["L68A"]] = 0.0
    rows_e = []
    for i, c in enumerate(codes):
        rows_e.append([c, fmt(jobs[i], 12), fmt(fte[i], 12), fmt(float(lfs.empl_2022.iloc[i]), 12),
                       fmt(float(lfs.fte_2022.iloc[i]), 12), int(bres.employment_total.iloc[i]),
                       int(bres.employees.iloc[i]), int(bres.full_time_employees.iloc[i]),
                       int(bres.part_time_employees.iloc[i])])
    W.write("national/employment.csv",
            ["code", "jobs", "fte", "lfs_2022_employment_published", "lfs_2022_fte_published",
             "bres_2021_gb_employment", "bres_2021_gb_employees", "bres_2021_gb_full_time_employees",
             "bres_2021_gb_part_time_employees"], rows_e)
    C.info("  jobs (LFS UK 2022, L68A moved to L68BXL683: %.0f) total %.0f, FTE %.0f; BRES 2021 GB employment %d"
           % (moved_jobs, jobs.sum(), fte.sum(), int(bres.employment_total.sum())))
    zero_jobs = [codes[i] for i in range(105) if jobs[i] == 0 and codes[i] != "L68A"]
    C.info("  industries with zero LFS employment besides L68A: %s" % (", ".join(zero_jobs) or "none"))

    # ---- GHG
    gh = pd.read_csv(src("uk_ghg_intensity_by_industry", "ghg_intensity_detailed_industries_kt_co2e_per_gbp_million_gva_1990_2023.csv"),
                     dtype={"year": str, "sic07_code": str, "flag": str})
    gh = gh[gh.year == str(YEAR)].set_index("sic07_code")
    uk_div = v1.loc["UK"]
    DIV_WEIGHT = {"41": "41", "42": "42", "43": "43", "59": "59", "60": "60", "87": "87", "88": "88",
                  "6": "5-8", "7": "5-8", "65.1-2": "65", "65.3": "65"}
    rows_g = []
    ghg = np.zeros(105)
    for i, c in enumerate(codes):
        gcodes = GHG_CODES[c]
        flags, num, den = [], 0.0, 0.0
        for gc in gcodes:
            assert gc in gh.index, gc
            r = gh.loc[gc]
            flag = r.flag if isinstance(r.flag, str) else ""
            if flag == "[z]":
                if gc in GHG_Z_FALLBACK:
                    fb = gh.loc[GHG_Z_FALLBACK[gc]]
                    val = float(fb.intensity_kt_co2e_per_gbp_million_gva)
                    flags.append("%s [z] -> %s" % (gc, GHG_Z_FALLBACK[gc]))
                else:
                    flags.append("%s [z] dropped" % gc)
                    continue
            elif flag == "[low]":
                val = 0.0
                flags.append("%s [low] = 0" % gc)
            else:
                val = float(r.intensity_kt_co2e_per_gbp_million_gva)
            w = 1.0 if len(gcodes) == 1 else float(uk_div[DIV_WEIGHT.get(gc, gc)])
            num += w * val
            den += w
        if not gcodes:
            flags.append("no industry emissions (owner-occupiers' housing)")
        inten = num / den if den > 0 else 0.0
        ghg[i] = inten * gva[i]
        rows_g.append([c, ";".join(gcodes), inten, flags])
    # Calibrate to the section intensities (Table 1a) x IOAT section GVA, where the section
    # intensity is a number: sum over a section of detailed intensity x IOAT GVA falls short of
    # it in manufacturing (-21%), evidently because the GVA behind the detailed intensities
    # differs from the IOAT's; [low] sections (K, L) are left as they are.
    ghs = pd.read_csv(src("uk_ghg_intensity_by_industry", "ghg_intensity_sections_kt_co2e_per_gbp_million_gva_1990_2023.csv"),
                      dtype={"year": str, "sic07_code": str, "flag": str})
    ghs = ghs[ghs.year == str(YEAR)].set_index("sic07_code")
    secs = [c[0] for c in codes]
    scale = {}
    for sec in sorted(set(secs)):
        members = [i for i in range(105) if secs[i] == sec]
        det = sum(ghg[i] for i in members)
        r = ghs.loc[sec]
        if isinstance(r.flag, str) and r.flag or det == 0:
            scale[sec] = 1.0
        else:
            scale[sec] = float(r.intensity_kt_co2e_per_gbp_million_gva) * sum(gva[i] for i in members) / det
    ghg_cal = np.array([ghg[i] * scale[secs[i]] for i in range(105)])
    out = []
    for i, (c, gcodes_s, inten, flags) in enumerate(rows_g):
        out.append([c, gcodes_s, fmt(inten, 10), fmt(gva[i], 12), fmt(ghg[i], 10), fmt(scale[secs[i]], 10),
                    fmt(ghg_cal[i], 10), "; ".join(flags)])
    W.write("national/ghg.csv",
            ["code", "ghg_sic07_codes", "intensity_kt_co2e_per_gbp_million_gva", "gva_gbp_million",
             "ghg_kt_co2e_detailed", "section_scale", "ghg_kt_co2e", "note"], out)
    sec_file = pd.read_csv(src("uk_ghg_intensity_by_industry", "derived_ghg_emissions_2022_by_sic_section_kt_co2e.csv"))
    sec_tot = float(sec_file.derived_ghg_emissions_2022_kt_co2e.sum())
    C.info("  GHG 2022: detailed intensity x IOAT GVA = %.0f kt CO2e; section-level derived file = %.0f kt; "
           "calibrated to sections = %.0f kt" % (ghg.sum(), sec_tot, ghg_cal.sum()))
    C.info("  GHG section scale factors: %s" % ", ".join("%s %.3f" % (k, v) for k, v in sorted(scale.items()) if abs(v - 1) > 0.005))
    C.check(abs(ghg_cal.sum() / sec_tot - 1) < 0.01, "calibrated GHG total within 1%% of the section-level estimate (%+.1f%%)"
            % (100 * (ghg_cal.sum() / sec_tot - 1)))

    # ======================================================================= regional: ITL1
    C.info("== ITL1 regions")
    names1 = dict(zip(g1.itl_code, g1.itl_name))
    pop = pd.read_csv(src("population_itl", "population_mid_year_itl1_itl2_itl3_1998_2022.csv"))
    pop = pop.set_index("itl_code")
    fj = pd.read_csv(src("regional_employment_bres_by_section", "itl_total_filled_jobs_2002_2021.csv"))
    fj = fj[fj.itl_code.notna()].set_index("itl_code")
    cen1 = pd.read_csv(src("itl_centroids_distances", "itl1_centroids.csv")).set_index("itl1_code")

    # GVA partition checks
    for lvl, gv, v in (("ITL1", gv1, v1), ("ITL2", gv2, v2)):
        diff = (gv.sum(axis=1) - v["Total"]).abs()
        C.check(diff.max() <= 0.5 * len(gv.columns),
                "%s: the %d industry groups add up to each area's published total (max |diff| %.0f, rounding)"
                % (lvl, len(gv.columns), diff.max()))
    s12 = float(v1.loc[ITL1_CODES, "Total"].sum())
    C.check(abs(s12 - float(v1.loc["UKX", "Total"])) <= 6,
            "ITL1: sum of 12 regions %.0f = UK less Extra-Regio %.0f" % (s12, float(v1.loc["UKX", "Total"])))
    C.check(abs(s12 + er_total - UK_GVA_2022) <= 6,
            "ITL1: 12 regions + Extra-Regio %.0f = %.0f (UK %.0f)" % (er_total, s12 + er_total, UK_GVA_2022))
    C.info("  Extra-Regio 2022: %.0f (%.2f%% of UK GVA): %s"
           % (er_total, 100 * er_total / UK_GVA_2022, ", ".join("%s %.0f" % kv for kv in er_groups.items())))
    # IOAT vs regional release by group
    uk_grp = gv1.loc["UK"]
    ioat_grp = pd.Series(gva, index=codes).groupby(groups1).sum()
    d = (ioat_grp - uk_grp[ioat_grp.index])
    worst = d.abs().sort_values(ascending=False).head(5)
    C.info("  IOAT 2022 GVA vs regional-release UK GVA by ITL1 group: total |diff| %.0f%s"
           % (d.abs().sum(), "" if d.abs().sum() == 0 else
              "; largest: " + ", ".join("%s %+.0f" % (k, d[k]) for k in worst.index)))

    # population, jobs
    p22 = pop.loc[ITL1_CODES, str(YEAR)].astype(float)
    p21 = pop.loc[ITL1_CODES, "2021"].astype(float)
    C.check(abs(p22.sum() - float(pop.loc["UK", str(YEAR)])) < 0.5,
            "ITL1 population 2022 sums to UK %.0f" % p22.sum())
    fj21 = fj.loc[ITL1_CODES, "2021"].astype(float)
    C.check(abs(fj21.sum() - float(fj.loc["UKX", "2021"])) <= 12,
            "ITL1 filled jobs 2021 sum %.0f = UK less Extra-Regio %.0f" % (fj21.sum(), float(fj.loc["UKX", "2021"])))

    # ---- regionalised GVA by IOAT industry (the model base) and Extra-Regio allocation
    R1 = ITL1_CODES
    gvr1 = gv1.loc[R1]
    on1 = {r: np.zeros(105) for r in R1}
    er1 = {r: np.zeros(105) for r in R1}
    for i, c in enumerate(codes):
        col = gvr1[groups1[i]]
        tot = float(col.sum())
        assert tot > 0
        for r in R1:
            on1[r][i] = onshore[i] * float(col[r]) / tot
    # Extra-Regio: oil and gas -> Scotland; public administration -> pro rata to O84 GVA.
    i_og, i_o = idx["B06 & B07"], idx["O84"]
    er1["TLM"][i_og] += er_by_ioat[i_og]
    col = gvr1["SIC84"]
    for r in R1:
        er1[r][i_o] += er_by_ioat[i_o] * float(col[r]) / float(col.sum())
    tot1 = sum(on1[r] + er1[r] for r in R1)
    C.check(np.abs(tot1 - gva).max() < 1e-6,
            "ITL1 regionalised GVA by IOAT industry sums over regions to national IOAT GVA (max |diff| %.1e)"
            % np.abs(tot1 - gva).max())
    rows = []
    for r in R1:
        for i, c in enumerate(codes):
            rows.append([r, c, fmt(on1[r][i]), fmt(er1[r][i]), fmt(on1[r][i] + er1[r][i])])
    W.write("itl1/gva_by_ioat_industry.csv",
            ["region_code", "code", "gva_onshore", "gva_extra_regio", "gva"], rows)

    # ---- itl1/gva.csv (published)
    rows = []
    for r in R1 + ["TLZ"]:
        for g in G1:
            rows.append([r, g, fmt(float(gv1.loc[r, g]))])
    W.write("itl1/gva.csv", ["region_code", "group", "gva_2022"], rows)

    # ---- compensation (income components, April 2024 release)
    inc1 = pd.read_csv(src("regional_income_components_by_industry_itl", "itl1_income_components_current_prices_gbp_million.csv"),
                       dtype={"sic07_code": str})
    inc2 = pd.read_csv(src("regional_income_components_by_industry_itl", "itl2_income_components_current_prices_gbp_million.csv"),
                       dtype={"sic07_code": str})

    def income_table(inc):
        inc = inc[inc.sic07_code != "Total"].copy()
        inc["group"] = inc.sic07_code.str.split(" ").str[0]
        coe = inc[inc.income_component == "Compensation of employees"].pivot(index="itl_code", columns="group", values=str(YEAR))
        gv = inc[inc.income_component == "GVA"].pivot(index="itl_code", columns="group", values=str(YEAR))
        return coe.astype(float), gv.astype(float)

    coe1, igv1 = income_table(inc1)
    inc_groups1 = [g for g in dict.fromkeys(income_group(c, "itl1") for c in codes)]
    inc_groups2 = [g for g in dict.fromkeys(income_group(c, "itl2") for c in codes)]
    assert set(inc_groups1) == set(coe1.columns), (set(inc_groups1) ^ set(coe1.columns))
    rows = []
    for r in R1 + ["TLZ"]:
        for g in inc_groups1:
            rows.append([r, g, fmt(coe1.loc[r, g]), fmt(igv1.loc[r, g])])
    W.write("itl1/compensation.csv", ["region_code", "income_group", "coe_2022", "gva_2022_apr2024"], rows)
    C.info("  compensation of employees 2022 (Apr 2024 release): 12 regions %.0f + Extra-Regio %.0f = UK %.0f (IOAT D1 %.0f)"
           % (coe1.loc[R1].values.sum(), coe1.loc["TLZ"].sum(), coe1.loc["UK"].sum(), prim["compensation_of_employees"].sum()))

    # ---- BRES full-time employees by section, 2022 (GB)
    b1 = pd.read_csv(src("regional_employment_bres_by_section", "itl1_full_time_employees_by_sic_section_2015_2022_aggregated.csv"))
    b2 = pd.read_csv(src("regional_employment_bres_by_section", "itl2_full_time_employees_by_sic_section_2015_2022.csv"))
    b1 = b1[b1.year == YEAR]
    b2 = b2[b2.year == YEAR]
    chk = b2.groupby(["itl1_code", "sic07_section"]).full_time_employees.sum()
    chk1 = b1.set_index(["itl1_code", "sic07_section"]).full_time_employees
    bdev = float((chk - chk1[chk.index]).abs().max())
    C.check(bdev <= 3, "BRES ITL1 file = sum of its ITL2 areas (max |diff| %.0f, source rounding)" % bdev)
    rows = []
    for _, r in b1.sort_values(["itl1_code", "sic07_section"]).iterrows():
        rows.append([r.itl1_code, r.sic07_section, fmt(float(r.full_time_employees))])
    W.write("itl1/employment.csv", ["region_code", "sic07_section", "full_time_employees_2022"], rows)
    C.info("  BRES 2022 GB full-time employees: %.0f (11 GB regions; Northern Ireland not in BRES)"
           % b1.full_time_employees.sum())

    # ---- distances ITL1 (published matrix), and recomputation check
    dm1 = pd.read_csv(src("itl_centroids_distances", "itl1_distance_km_popweighted_greatcircle.csv"), index_col=0)
    rows, maxdev = [], 0.0
    for a in R1:
        for b in R1:
            if a != b:
                rows.append([a, b, fmt(float(dm1.loc[a, b]))])
                dd = haversine_km(cen1.loc[a, "popweighted_lat"], cen1.loc[a, "popweighted_lon"],
                                  cen1.loc[b, "popweighted_lat"], cen1.loc[b, "popweighted_lon"])
                maxdev = max(maxdev, abs(dd - float(dm1.loc[a, b])))
    W.write("itl1/distance_km.csv", ["from_code", "to_code", "distance_km"], rows)
    C.check(maxdev < 0.06, "ITL1 distances: recomputed from the centroids, max |diff| %.3f km" % maxdev)

    # ---- real GVA trend (chained volume, 2022 money)
    cvm1 = pd.read_csv(src("regional_gva_by_industry_itl", "itl1_gva_chained_volume_2022_prices_gbp_million.csv"),
                       dtype={"sic07_code": str})
    cvm2 = pd.read_csv(src("regional_gva_by_industry_itl", "itl2_gva_chained_volume_2022_prices_gbp_million.csv"),
                       dtype={"sic07_code": str})

    def trend_rows(cvm, regions):
        t = cvm[cvm.sic07_code == "Total"].set_index("itl_code")
        out = []
        for r in regions:
            a = {y: float(t.loc[r, str(y)]) for y in (2012, 2015, 2019, 2022, 2023)}
            out.append([r, fmt(a[2012]), fmt(a[2015]), fmt(a[2019]), fmt(a[2022]), fmt(a[2023]),
                        fmt(cagr(a[2012], a[2019], 7), 8), fmt(cagr(a[2015], a[2023], 8), 8)])
        return out

    trend_hdr = ["region_code", "gva_cvm_2012", "gva_cvm_2015", "gva_cvm_2019", "gva_cvm_2022", "gva_cvm_2023",
                 "cagr_2012_2019", "cagr_2015_2023"]
    W.write("itl1/gva_real_trend.csv", trend_hdr, trend_rows(cvm1, R1 + ["UK"]))

    # ---- jobs and productivity trend, ITL1 (filled jobs 2012-2019; real GVA per filled job)
    t1 = cvm1[cvm1.sic07_code == "Total"].set_index("itl_code")
    prod_rows = []
    for r in R1 + ["UK"]:
        j12, j19 = (float(fj.loc["UKX" if r == "UK" else r, str(y)]) for y in (2012, 2019))
        g12, g19 = (float(t1.loc[r, str(y)]) for y in (2012, 2019))
        prod_rows.append([r, fmt(j12), fmt(j19), fmt(cagr(j12, j19, 7), 8), fmt(cagr(g12, g19, 7), 8),
                          fmt(cagr(g12 / j12, g19 / j19, 7), 8)])
    W.write("itl1/productivity_trend.csv",
            ["region_code", "filled_jobs_2012", "filled_jobs_2019", "jobs_cagr_2012_2019", "gva_cagr_2012_2019",
             "gva_per_job_cagr_2012_2019"], prod_rows)

    # ---- R&D per head 2016 (Nesta)
    nesta = pd.read_csv(src("rd_expenditure_by_region", "nesta_design_the_future_rd_per_person_by_itl1_2016.csv"))
    rows, dev = [], 0.0
    for _, r in nesta.sort_values("itl1_code").iterrows():
        p16 = float(pop.loc[r.itl1_code, "2016"])
        assert p16 == float(r.population_2016_ons)
        bus = r.business_private_rd_gbp_per_person_2016 * p16 / 1e6
        pub = r.public_rd_gbp_per_person_2016 * p16 / 1e6
        dev = max(dev, abs(bus - r.derived_business_private_rd_gbp_million), abs(pub - r.derived_public_rd_gbp_million))
        rows.append([r.itl1_code, fmt(float(r.business_private_rd_gbp_per_person_2016)),
                     fmt(float(r.public_rd_gbp_per_person_2016)), int(p16), fmt(bus, 8), fmt(pub, 8)])
    W.write("itl1/rd_per_head_2016.csv",
            ["region_code", "business_rd_gbp_per_person_2016", "public_rd_gbp_per_person_2016",
             "population_2016", "business_rd_gbp_million_2016", "public_rd_gbp_million_2016"], rows)
    C.check(dev < 0.06, "Nesta R&D: recomputed GBP million match the source's derived values (max |diff| %.3f)" % dev)
    C.info("  R&D 2016: public %.0f, business %.0f GBP million over 12 regions"
           % (sum(float(r[5]) for r in rows), sum(float(r[4]) for r in rows)))

    # ---- itl1/regions.csv
    rows = []
    gpub1 = v1.loc[R1, "Total"].astype(float)
    for r in R1:
        area = float(cen1.loc[r, "area_km2_buc"])
        rows.append([r, names1[r], int(p22[r]), int(p21[r]), int(fj21[r]), fmt(area),
                     fmt(float(cen1.loc[r, "popweighted_lat"])), fmt(float(cen1.loc[r, "popweighted_lon"])),
                     fmt(round(internal_distance_km(area), 1)), fmt(float(gpub1[r])),
                     fmt(float((on1[r] + er1[r]).sum()), 12)])
    W.write("itl1/regions.csv",
            ["code", "name", "population_2022", "population_2021", "filled_jobs_2021", "area_km2",
             "centroid_lat", "centroid_lon", "internal_distance_km", "gva_2022_published",
             "gva_2022_model"], rows)

    # ======================================================================= regional: ITL2
    C.info("== ITL2 areas (ITL 2025 geography of the April 2025 GVA release)")
    R2 = sorted(v2.index)
    names2 = dict(zip(g2.itl_code, g2.itl_name))
    C.check(len(R2) == 46, "ITL2 (2025) areas in the GVA file: %d (incl. Northern Ireland TLN0)" % len(R2))
    C.check("TLD3" in R2 and "TLE4" in R2, "Greater Manchester TLD3 and West Yorkshire TLE4 are areas of their own")
    parent2 = {a: a[:3] for a in R2}
    C.check(sorted(set(parent2.values())) == R1, "every ITL2 area has one of the 12 ITL1 regions as parent")
    # published sums ITL2 -> ITL1
    s2 = gv2.groupby(lambda a: parent2[a]).sum()
    tot_dev = (v2["Total"].groupby(lambda a: parent2[a]).sum() - v1.loc[R1, "Total"]).abs()
    C.check(tot_dev.max() <= 3, "ITL2 totals sum to their ITL1 region (max |diff| %.0f)" % tot_dev.max())
    # group-level nesting check: ITL1 value of each ITL2 group
    # ITL1 value of each ITL2 group = sum of the ITL1 groups it contains
    gv1_as2 = pd.DataFrame({g: gv1.loc[R1, sorted(set(groups1[i] for i in range(105) if groups2[i] == g))].sum(axis=1)
                            for g in G2})
    grp_dev = (s2.loc[R1] - gv1_as2).abs()
    C.info("  ITL2 groups summed to ITL1 vs ITL1 published: max |diff| %.0f, total |diff| %.0f"
           % (grp_dev.values.max(), grp_dev.values.sum()))

    # ---- crosswalk ITL3(2021) -> ITL2(2025)
    cen3 = pd.read_csv(src("itl_centroids_distances", "itl3_centroids.csv")).set_index("itl3_code")
    itl3 = list(cen3.index)
    cw = []  # (itl3, itl2_2021, itl2_2025, share, basis)
    for s in itl3:
        old = cen3.loc[s, "itl2_code"]
        if s in ITL3_SPLITS:
            parts = ITL3_SPLITS[s]
            tot = float(sum(p for _, p in parts))
            for a, p in parts:
                cw.append((s, old, a, p / tot, "split by Census 2021 local-authority population"))
        elif s in ITL3_TO_ITL2_2025:
            basis = "ITL 2025 membership"
            if s == "TLM63":
                basis += " (whole area; Arran and Cumbrae are in TLM9 in 2025)"
            if s == "TLM81":
                basis += " (whole area; Helensburgh and Lomond are in TLM2 in 2025)"
            cw.append((s, old, ITL3_TO_ITL2_2025[s], 1.0, basis))
        else:
            assert old in R2, (s, old)
            cw.append((s, old, old, 1.0, "ITL2 unchanged"))
    assert set(a for _, _, a, _, _ in cw) == set(R2), set(R2) ^ set(a for _, _, a, _, _ in cw)
    W.write("itl2/crosswalk_itl3_2021_to_itl2_2025.csv",
            ["itl3_2021_code", "itl3_2021_name", "itl2_2021_code", "itl2_2025_code", "share", "basis"],
            [[s, cen3.loc[s, "itl3_name"], o, a, fmt(sh), b] for s, o, a, sh, b in sorted(cw)])

    # population (2022 with Scottish [u] cells filled), filled jobs 2021, area, centroid
    p3_22 = {}
    missing = [s for s in itl3 if pd.isna(pop.loc[s, str(YEAR)])]
    for s in itl3:
        if s not in missing:
            p3_22[s] = float(pop.loc[s, str(YEAR)])
    # fill: distribute the rest of each affected ITL1 region's 2022 total pro rata to 2021
    fill_note = []
    for r in sorted(set(s[:3] for s in missing)):
        miss = [s for s in missing if s[:3] == r]
        known = sum(p3_22[s] for s in itl3 if s[:3] == r and s not in missing)
        rest = float(pop.loc[r, str(YEAR)]) - known
        base = sum(float(pop.loc[s, "2021"]) for s in miss)
        for s in miss:
            p3_22[s] = rest * float(pop.loc[s, "2021"]) / base
        fill_note.append("%s: %s filled with %.0f persons pro rata to 2021" % (r, ", ".join(miss), rest))
    C.info("  population 2022 flagged [u] for %d ITL3 areas; %s" % (len(missing), "; ".join(fill_note)))

    agg = {a: dict(pop22=0.0, pop21=0.0, jobs21=0.0, area=0.0, wE=0.0, wN=0.0, w=0.0) for a in R2}
    for s, o, a, sh, _ in cw:
        p21s = float(cen3.loc[s, "population_2021"])
        assert p21s == float(pop.loc[s, "2021"])
        agg[a]["pop22"] += sh * p3_22[s]
        agg[a]["pop21"] += sh * p21s
        agg[a]["jobs21"] += sh * float(fj.loc[s, "2021"])
        agg[a]["area"] += sh * float(cen3.loc[s, "area_km2_buc"])
        agg[a]["wE"] += sh * p21s * float(cen3.loc[s, "ons_bng_e"])
        agg[a]["wN"] += sh * p21s * float(cen3.loc[s, "ons_bng_n"])
        agg[a]["w"] += sh * p21s
    for a in R2:
        E = agg[a]["wE"] / agg[a]["w"]
        N = agg[a]["wN"] / agg[a]["w"]
        agg[a]["lat"], agg[a]["lon"] = bng_to_wgs84(E, N)

    # validate the centroid method on the published 2021 ITL2 centroids
    cen2 = pd.read_csv(src("itl_centroids_distances", "itl2_centroids.csv")).set_index("itl2_code")
    dev_c = 0.0
    c21 = {}
    for o in cen2.index:
        mem = cen3[cen3.itl2_code == o]
        w = mem.population_2021.astype(float)
        E = float((w * mem.ons_bng_e).sum() / w.sum())
        N = float((w * mem.ons_bng_n).sum() / w.sum())
        la, lo = bng_to_wgs84(E, N)
        c21[o] = (la, lo)
        dev_c = max(dev_c, haversine_km(la, lo, cen2.loc[o, "popweighted_lat"], cen2.loc[o, "popweighted_lon"]))
    C.check(dev_c < 0.05, "centroid method reproduces the published 2021 ITL2 population-weighted centroids "
            "(max offset %.3f km)" % dev_c)
    dm2 = pd.read_csv(src("itl_centroids_distances", "itl2_distance_km_popweighted_greatcircle.csv"), index_col=0)
    same = [a for a in R2 if a in dm2.index and all(cw_a == a for s, o, cw_a, sh, b in cw if o == a)
            and all(o == a for s, o, cw_a, sh, b in cw if cw_a == a)]
    n_same = len(same)
    dev_d = 0.0
    for a in same:
        for b in same:
            if a != b:
                dd = haversine_km(agg[a]["lat"], agg[a]["lon"], agg[b]["lat"], agg[b]["lon"])
                dev_d = max(dev_d, abs(round(dd, 1) - float(dm2.loc[a, b])))
    C.check(dev_d <= 0.15, "ITL2 distances between the %d unchanged areas match the published matrix (max |diff| %.1f km)"
            % (len(same), dev_d))

    # 2021 ITL2 -> 2025 ITL2 weights by filled jobs 2021 (for BRES and compensation), normalised
    # over the ITL3 areas of each 2021 ITL2 area so that they add up to exactly 1.
    pairs = sorted(set((o, a) for _, o, a, _, _ in cw))
    n_targets = {o: sum(1 for o2, _ in pairs if o2 == o) for o, _ in pairs}
    split_pairs = set((o, a) for o, a in pairs if n_targets[o] > 1)

    def weights(col):
        w, tot = {}, {}
        for s, o, a, sh, _ in cw:
            v = float(col(s))
            w[(o, a)] = w.get((o, a), 0.0) + sh * v
            tot[o] = tot.get(o, 0.0) + sh * v
        return {k: (1.0 if n_targets[k[0]] == 1 else val / tot[k[0]]) for k, val in w.items()}

    w_jobs = weights(lambda s: fj.loc[s, "2021"])
    w_pop = weights(lambda s: pop.loc[s, "2021"])
    W.write("itl2/crosswalk_itl2_2021_to_2025.csv",
            ["itl2_2021_code", "itl2_2025_code", "weight_filled_jobs_2021", "weight_population_2021"],
            [[o, a, fmt(w_jobs[(o, a)]), fmt(w_pop[(o, a)])] for (o, a) in sorted(w_jobs)])
    changed = sorted(set(a for (o, a) in w_jobs if o != a or (o, a) in split_pairs))
    C.info("  ITL2 2025 areas that differ from a 2021 area: %d (%s)" % (len(changed), " ".join(changed)))

    # compare the two GVA vintages through the crosswalk (2019, before later revisions diverge)
    inc2_tot = inc2[(inc2.sic07_code == "Total") & (inc2.income_component == "GVA")].set_index("itl_code")
    for yr in ("2019", "2022"):
        mapped = {a: 0.0 for a in R2}
        for (o, a), w in w_jobs.items():
            mapped[a] += w * float(inc2_tot.loc[o, yr])
        pub = g2[g2.sic07_code == "Total"].set_index("itl_code")[yr].astype(float)
        rel = {a: mapped[a] / pub[a] - 1 for a in R2}
        wu = max((abs(rel[a]), a) for a in R2 if a not in changed)
        wc = sorted(((rel[a], a) for a in changed), key=lambda t: -abs(t[0]))[:4]
        C.info("  GVA %s, Apr-2024 (2021 codes, mapped by jobs weights) vs Apr-2025 (2025 codes): unchanged areas max "
               "|diff| %.1f%% (%s); changed areas largest: %s" % (yr, 100 * wu[0], wu[1],
                                                                  ", ".join("%s %+.1f%%" % (a, 100 * r) for r, a in wc)))

    # population and jobs sums
    p2 = pd.Series({a: agg[a]["pop22"] for a in R2})
    j2 = pd.Series({a: agg[a]["jobs21"] for a in R2})
    pdv = (p2.groupby(lambda a: parent2[a]).sum() - p22).abs().max()
    jdv = (j2.groupby(lambda a: parent2[a]).sum() - fj21).abs().max()
    C.check(pdv < 1.0, "ITL2 population 2022 sums to ITL1 (max |diff| %.2f); UK %.0f" % (pdv, p2.sum()))
    C.check(jdv <= 12, "ITL2 filled jobs 2021 sum to ITL1 (max |diff| %.1f, source rounding)" % jdv)

    # ---- itl2 GVA published and regionalised by IOAT industry (nested in ITL1)
    rows = []
    for a in R2:
        for g in G2:
            rows.append([a, g, fmt(float(gv2.loc[a, g]))])
    W.write("itl2/gva.csv", ["region_code", "group", "gva_2022"], rows)

    on2 = {a: np.zeros(105) for a in R2}
    er2 = {a: np.zeros(105) for a in R2}
    fallback = []
    for r in R1:
        kids = [a for a in R2 if parent2[a] == r]
        for i, c in enumerate(codes):
            col = gv2.loc[kids, groups2[i]].astype(float)
            den = float(col.sum())
            if den <= 0:
                col = v2.loc[kids, "Total"].astype(float)
                den = float(col.sum())
                fallback.append("%s/%s" % (r, c))
            for a in kids:
                on2[a][i] = on1[r][i] * float(col[a]) / den
            # Extra-Regio: O84 part pro rata to O84 GVA; oil and gas to North Eastern Scotland
            o84 = gv2.loc[kids, "SIC84"].astype(float)
            if i == i_o:
                for a in kids:
                    er2[a][i] = er1[r][i] * float(o84[a]) / float(o84.sum())
            elif er1[r][i] != 0:
                assert r == "TLM" and i == i_og
                er2["TLM5"][i] = er1[r][i]
    if fallback:
        C.info("  ITL2 nesting fell back to total-GVA shares for: %s" % ", ".join(fallback))
    nest_dev = max(np.abs(sum(on2[a] + er2[a] for a in R2 if parent2[a] == r) - (on1[r] + er1[r])).max() for r in R1)
    C.check(nest_dev < 1e-6, "ITL2 regionalised GVA by IOAT industry sums to ITL1 for every industry (max |diff| %.1e)" % nest_dev)
    rows = []
    for a in R2:
        for i, c in enumerate(codes):
            rows.append([a, c, fmt(on2[a][i]), fmt(er2[a][i]), fmt(on2[a][i] + er2[a][i])])
    W.write("itl2/gva_by_ioat_industry.csv", ["region_code", "code", "gva_onshore", "gva_extra_regio", "gva"], rows)

    # ---- itl2 compensation (2021 codes mapped to 2025 by jobs weights)
    coe2, igv2 = income_table(inc2)
    assert set(inc_groups2) == set(coe2.columns), set(inc_groups2) ^ set(coe2.columns)
    coe2m = {a: {g: 0.0 for g in inc_groups2} for a in R2}
    igv2m = {a: {g: 0.0 for g in inc_groups2} for a in R2}
    for (o, a), w in w_jobs.items():
        for g in inc_groups2:
            coe2m[a][g] += w * float(coe2.loc[o, g])
            igv2m[a][g] += w * float(igv2.loc[o, g])
    rows = []
    for a in R2:
        for g in inc_groups2:
            rows.append([a, g, fmt(coe2m[a][g]), fmt(igv2m[a][g]), "apportioned" if a in changed else "as published"])
    W.write("itl2/compensation.csv", ["region_code", "income_group", "coe_2022", "gva_2022_apr2024", "basis"], rows)
    c2tot = sum(sum(coe2m[a].values()) for a in R2)
    C.check(abs(c2tot - float(coe1.loc[R1].values.sum())) < 50,
            "ITL2 compensation 2022 sums to ITL1 12-region total (%.0f vs %.0f)" % (c2tot, coe1.loc[R1].values.sum()))

    # ---- itl2 BRES (2021 codes mapped to 2025 by jobs weights)
    bm = {}
    for _, r in b2.iterrows():
        for (o, a), w in w_jobs.items():
            if o == r.itl2_code:
                key = (a, r.sic07_section)
                bm[key] = bm.get(key, 0.0) + w * float(r.full_time_employees)
    rows = [[a, s, fmt(v), "apportioned" if a in changed else "as published"] for (a, s), v in sorted(bm.items())]
    W.write("itl2/employment.csv", ["region_code", "sic07_section", "full_time_employees_2022", "basis"], rows)
    C.check(abs(sum(bm.values()) - b2.full_time_employees.sum()) < 1e-6,
            "ITL2 BRES (2025 areas) sums to the GB total of the 2021 areas %.0f" % sum(bm.values()))

    # ---- itl2 distances
    rows = []
    for a in R2:
        for b in R2:
            if a != b:
                rows.append([a, b, fmt(round(haversine_km(agg[a]["lat"], agg[a]["lon"], agg[b]["lat"], agg[b]["lon"]), 1))])
    W.write("itl2/distance_km.csv", ["from_code", "to_code", "distance_km"], rows)
    dgm = haversine_km(agg["TLD3"]["lat"], agg["TLD3"]["lon"], agg["TLE4"]["lat"], agg["TLE4"]["lon"])
    C.info("  distance Greater Manchester - West Yorkshire: %.1f km" % dgm)

    W.write("itl2/gva_real_trend.csv", trend_hdr, trend_rows(cvm2, R2))

    # ---- itl2 regions
    rows = []
    gpub2 = v2["Total"].astype(float)
    for a in R2:
        if a in changed:
            olds = sorted(set(o for (o, b) in w_jobs if b == a))
            basis = "rebuilt from ITL3 (2021): " + "+".join(olds)
        else:
            basis = "same area as ITL2 2021 " + a
            if a == "TLM9":
                basis += " (2025 adds Arran and Cumbrae; not split here)"
        rows.append([a, names2[a], parent2[a], fmt(round(agg[a]["pop22"])), int(round(agg[a]["pop21"])),
                     fmt(round(agg[a]["jobs21"])), fmt(round(agg[a]["area"], 1)), fmt(round(agg[a]["lat"], 5)),
                     fmt(round(agg[a]["lon"], 5)), fmt(round(internal_distance_km(agg[a]["area"]), 1)),
                     fmt(float(gpub2[a])), fmt(float((on2[a] + er2[a]).sum()), 12), basis])
    W.write("itl2/regions.csv",
            ["code", "name", "itl1_code", "population_2022", "population_2021", "filled_jobs_2021", "area_km2",
             "centroid_lat", "centroid_lon", "internal_distance_km", "gva_2022_published", "gva_2022_model",
             "geography_basis"], rows)

    # ======================================================================= households
    derive_households(W, C, src, {"itl1": R1, "itl2": R2})

    # ======================================================================= labour market
    derive_labour_market(W, C, src, R1, fmt)

    # ======================================================================= assumptions
    facts = dict(ghg_scale_C=scale["C"], n_groups1=len(G1), n_groups2=len(G2), n_same=n_same, n_itl2=len(R2),
                 split_share={s: [(a, p / float(sum(q for _, q in parts))) for a, p in parts]
                              for s, parts in ITL3_SPLITS.items()})
    A = assumptions(er_total, er_groups, moved_jobs, missing, fill_note, facts)
    W.write("assumptions.csv", ["id", "text"], A)

    # ======================================================================= summary
    C.info("== Files written to %s" % W.out)
    total = 0
    for rel, n, size in W.written:
        total += size
        C.info("  %-45s %6d rows %9d bytes" % (rel, n, size))
    C.info("  total %d bytes" % total)
    if C.failed:
        print("FAILED checks: %d" % len(C.failed), file=sys.stderr)
        return 1
    print("all checks passed")
    return 0


def assumptions(er_total, er_groups, moved_jobs, missing, fill_note, facts):
    sp = facts["split_share"]
    er_og = er_groups.get("SIC05-08", 0.0)
    er_o = er_groups.get("SIC84", 0.0)
    return [
        ["base_year", "Base year 2022; money in GBP million at current basic prices (ONS IOAT 2022, Blue Book 2024 "
         "consistent; ONS regional GVA April 2025 release). UK GVA 2022 = 2,266,082 in both."],
        ["national_table", "The national table is the ONS IOAT 2022 industry-by-industry domestic-use table "
         "(105 industries); imports are a row (cif), not a matrix. Its row and column identities hold to 1e-5."],
        ["regional_groups", "Regional GVA is published for SIC divisions or groups of divisions (ITL1: %d groups; "
         "ITL2: %d groups, coarser), not for the 105 IOAT industries. Within a group, regional GVA is split into "
         "IOAT industries by national (onshore) GVA shares, i.e. each region is assumed to have the national "
         "industry mix inside a group (national/concordance_ioat_to_regional.csv)."
         % (facts["n_groups1"], facts["n_groups2"])],
        ["regional_gva_scaling", "Regional GVA by IOAT industry (gva_by_ioat_industry.csv) = national IOAT GVA of "
         "the industry x the region's share of the group's published regional GVA, so regions add up exactly to "
         "the national table. (For 2022 the IOAT GVA and the April 2025 regional release agree exactly for every "
         "ITL1 group, so no difference has to be absorbed.)"],
        ["extra_regio", "Extra-Regio (offshore activity, in no region) is %.0f GBP million in 2022 (%.2f%% of UK GVA): "
         "%.0f in SIC 05-08 (UK Continental Shelf oil and gas, assigned to IOAT B06 & B07) and %.0f in public "
         "administration (O 84). The oil and gas part is allocated to Scotland (ITL1 TLM; ITL2 TLM5 North Eastern "
         "Scotland), where most UKCS production lies and its onshore base is; the O 84 part is allocated pro rata "
         "to each region's O 84 GVA. gva_onshore columns exclude it and match ONS regional GVA; use those for GVA "
         "per head comparisons." % (er_total, 100 * er_total / UK_GVA_2022, er_og, er_o)],
        ["ni_bres", "BRES covers Great Britain only: Northern Ireland (TLN, TLN0) has no rows in employment.csv. "
         "Regional jobs should come from national jobs per GBP million of output x regional output for all "
         "regions; employment-based location quotients cannot be computed for NI (use output- or GVA-based ones)."],
        ["bres_fulltime", "The regional BRES files count full-time employees only (no part-time, no self-employed), "
         "by SIC section A-S (T and U dropped); use them for shares within a region, not levels."],
        ["national_jobs", "National jobs and FTE are the LFS UK 2022 estimates by IOAT industry (STAPM, people by "
         "industry of main job incl. self-employed; FTE = full-time + 0.5 x part-time). The %.0f people the source "
         "puts in L68A (owner-occupiers' housing, which has no employment) are moved to L68BXL683. Survey noise: "
         "B05 coal mining shows 0. BRES 2021 GB values are given alongside for comparison." % moved_jobs],
        ["ghg", "GHG emissions 2022 by industry = ONS Environmental Accounts GHG intensity 2022 (kt CO2e per GBP "
         "million GVA at constant 2022 prices, residence basis, excluding household emissions) of the matching "
         "detailed SIC group x IOAT 2022 GVA. [low] intensities (below 0.005) are taken as 0; [z] groups are dropped "
         "(25.4 weapons uses 25.1-3+25.5-9); several groups in one IOAT industry are GVA-weighted with UK 2022 "
         "division GVA; L68A (imputed rent) has no industry emissions. The result is then scaled within each SIC "
         "section to the section intensity (Table 1a) x IOAT section GVA, except sections flagged [low] (K, L); "
         "manufacturing is scaled up by %.1f%%. Intensities are rounded to 2 dp, so small service-sector values "
         "are coarse." % (100 * (facts["ghg_scale_C"] - 1))],
        ["itl2_vintage", "ITL2 models use the %d areas of ITL 2025 (the GVA release). Population, filled jobs, "
         "centroids and areas are rebuilt from ITL 2021 ITL3 data; BRES and compensation (ITL 2021 ITL2 only) are "
         "apportioned from 2021 to 2025 areas by the 2021 filled-jobs share. %d of %d areas are the same in both "
         "vintages (incl. Greater Manchester TLD3 and West Yorkshire TLE4)." % (facts["n_itl2"], facts["n_same"], facts["n_itl2"])],
        ["itl2_splits", "Two ITL3 (2021) areas are cut by the 2025 boundaries and split by Census 2021 local-authority "
         "population: TLK12 (%.1f%% to TLK5 West of England, %.1f%% North Somerset to TLK6) and TLL17 (%.1f%% Bridgend to "
         "TLL5, %.1f%% Neath Port Talbot to TLL4). Scottish sub-ITL3 moves are not split: Helensburgh and Lomond "
         "(in TLM81) stay in TLM3 and Arran and Cumbrae (in TLM63) stay in TLM2, which understates TLM2's population "
         "by roughly 20 thousand. The TLM0/TLM1 split of 2021 Eastern Scotland (TLM71, TLM72, TLM77 to TLM0; "
         "TLM73, TLM75, TLM76, TLM78 to TLM1) is inferred from area names and GVA; check it against the ONS ITL 2025 lookup."
         % (100 * sp["TLK12"][0][1], 100 * sp["TLK12"][1][1], 100 * sp["TLL17"][0][1], 100 * sp["TLL17"][1][1])],
        ["population_2022_scotland", "ONS flags 2022 population as [u] for %d Scottish ITL3 areas; each is filled by "
         "sharing the rest of the Scotland 2022 total pro rata to 2021 (%s)." % (len(missing), "; ".join(fill_note))],
        ["filled_jobs_year", "Total filled jobs (workplace, incl. self-employed, UK incl. NI) are for 2021, the latest "
         "year of the ONS subregional productivity release of June 2023; they exclude Extra-Regio."],
        ["compensation_vintage", "Compensation of employees by region is 2022 from the April 2024 income-components "
         "release (ITL 2021 codes), one vintage earlier than the GVA file; its GVA is given alongside so ratios "
         "CoE/GVA can be taken within one release. Groups: sections, manufacturing split CA-CM (CD-CF combined at ITL2)."],
        ["distances", "Distances are great-circle km between population-weighted centroids (2021 population weights "
         "on ITL3 ONS points); ITL1 from the published matrix, ITL2 (2025) recomputed the same way. Internal distance "
         "0.5 x sqrt(area/pi) is given in regions.csv; the gravity rule and its use are set by the engine."],
        ["real_trend", "Real GVA trend: compound annual growth of chained-volume GVA (2022 money, all industries) "
         "2012-2019 (pre-pandemic) and 2015-2023 (latest eight years); the engine chooses which to use."],
        ["rd_2016", "Public and business R&D per head by ITL1 in 2016 are Nesta/ODI Leeds figures (transcribed, "
         "rounded to GBP 1 per person); GBP million = per person x ONS 2016 population. Secondary source."],
        ["prices", "All regional values are nominal 2022 except the chained-volume trend; no deflation is applied."],
    ]


if __name__ == "__main__":
    sys.exit(main())
