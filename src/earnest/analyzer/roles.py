"""The contact role a person's title suggests: who holds the money, who decides, who uses it.

Finance heads hold the budget even though they are senior too; executives, owners and heads of
something decide; those who would use the product day to day are users; an IT contact without
authority or an assistant is "other". The rules read the title's words; a small learned model
(`role_model`, fitted on the roles outside writers gave titles) weighs their answer.
"""

from __future__ import annotations

import re

from . import role_model

BUDGET_OWNER, DECISION_MAKER, CHAMPION, USER, OTHER = ("budget_owner", "decision_maker", "champion", "user", "other")

_FINANCE = re.compile(
    r"\b(?:cfo|chief financial|finance|financial|controller|comptroller|treasurer|procurement|purchasing|"
    r"buyer|budget|accounts(?: payable)?|treasury|finances|fd|bursar|sbm|school business manager|"
    r"financière|financiero|financiera|finanzas|financeiro|finanças|finanze|finanzen|kaufmännisch\w*|"
    r"inkoop|compras|achats|acquisti|einkauf|the money|fp&a|innkjøp\w*|inköp\w*|økonomi\w*|ekonomi\w*|"
    r"tesorer[oa]|tesoureir[oa]|contador[a]?|contralor[a]?|adquisiciones|administración|"
    # a school district's or a county's money: "Director of Fiscal Services", "Business Services"
    r"fiscal|business services|daf|keiri|keuangan|financeira|finansow\w*|controlling|buchhalt\w*|"
    r"ksi[ęe]gow\w*|treas|amministrazione|amministrativ[ao])(?![a-z])(?! aid)",
    re.IGNORECASE,
)
_DECIDER = re.compile(
    r"\b(?:ceo|coo|cto|cio|cmo|cro|cpo|cso|cdo|ciso|chief|dir|founder|co-?founder|owner|president|chair\w*|"
    r"managing director|managing \w+|md|gm|general manager|vp|svp|evp|vice president|head|director|partner|principal|"
    r"boss|superintendent|supt|dean|provost|mayor|commissioner|captain|administrator|executive|exec|eb|dm|decision.?maker|"
    r"board|proprietor|chef-owner|headteacher|head teacher|practice manager|co-?owner|c[a-z]{1,2}o|"
    # other languages: a general manager, a director, a head, an owner
    r"gerente|direktor\w*|directeur|directrice|director[a]?|diretor[a]?|direttore|direttrice|jefe|jefa|"
    r"hoofd|chefin|geschäftsführer\w*|inhaber\w*|titolare|dono|dueño|dueña|propriétaire|patron|gérant\w*|"
    r"kierownik|müdür\w*|[a-zæøåäö]{3,}(?:sjef|chef)|"
    r"prezes|presidente|président\w*|verksamhetschef|daglig leder|socio|sócio|responsable|leiter\w*|"
    r"vicepresident[ea]|subgerente|concejal|chefe|responsável|"
    r"hrd|chancellor|vice-chancellor|councillor|cllr|priest|pastor|rector|vicar|notar|notary|publisher|"
    r"ed|hod|avp|ptnr|merchant|"
    r"editor-in-chief|"
    r"shach[oō]|buch[oō]|senmu|j[oō]mu|pdg|amministratore|fundador[a]?|s[oó]ci[oa]|kepala|pemilik|direktur|"
    r"dyrektor\w*|mudir|riadite[lľ]\w*|\w+inhaber\w*|\w+leitung|\w+(?<!schicht)(?<!team)(?<!gruppen)leiter\w*|titular|sup['’]t|"
    r"w[łl]a[śs]ciciel\w*|dyr|zarz[ąa]dca|superintendente|pres|abbot|abbess|bestuur|directie|co-g[ée]rant\w*|"
    r"sole practitioner|head(?:master|mistress)|patron(?:ne)?|zaakvoerder|direkt[øo]r|\w+direktor\w*|gte|dgm|agm|sgm|"
    r"owns|heads|runs|signs|decides)\b",
    re.IGNORECASE,
)
# Trades and family ties: each names who someone is, and such a person uses the product day to day.
TRADES = (
    r"pharmacist|winemaker|brewer|farmer|receptionist|chef|cook|baker|mechanic|electrician|plumber|"
    r"instructor|trainer|writer|therapist|vet|veterinarian|optician|surgeon|secretary|groomer|carer|"
    r"caregiver|volunteer|programmer|scientist|researcher|kalkulator|wife|husband|son|daughter|brother|"
    r"sister|mother|father|mum|mom|dad|uncle|aunt|cousin|nephew|niece|"
    r"producer|marketer|tutor|grower|porter|sommelier|housekeeper|postdoc|intern|apprentice|student|"
    r"chemist|journalist|reporter|cashier|bartender|barista|cleaner|agent|illustrator|artist|reseller|"
    r"seller|barber|stylist|hairdresser|butcher|roofer|sparky|carpenter|painter|builder|landscaper|"
    r"gardener|florist|tailor|jeweller|optometrist|physio|physiotherapist|hygienist|educator|freelancer|"
    r"midwife|paramedic|biller|scheduler|coder|dietitian|nutritionist|caretaker|janitor|custodian|"
    # "senior embryologist", "biostatistician", "radiographer": the suffix says a trade
    r"[a-z]+ologist|[a-z]+ician|[a-z]+ographer"
)
_USER = re.compile(
    r"\b(?:analyst|engineer|developer|dispatcher|coordinator|nurse|doctor|dentist|hygienist|physician|"
    r"technician|specialist|agent|associate|assistant manager|planner|scheduler|clerk|admin|administrator|"
    r"operator|driver|teacher|lawyer|paralegal|attorney|recruiter|designer|rep|representative|"
    r"supervisor|lead|manager|mgr|team lead|foreman|estimator|accountant|bookkeeper|architect|buyer|user|ops|"
    r"operations|liaison|worker|caseworker|"
    r"sales|guy|gal|dev|sre|dba|pm|sdr|bdr|csm|ae|eng|resourcer|coord|analista|coordinador[a]?|"
    r"coordenador[a]?|supervisor[a]|motorista|despachador[a]?|comptable|contabile|kasir|apoteker|"
    r"tant[oō]sha|manajer|kach[oō]|koordynator\w*|architekt|azubi|meister\w*|ober(?:arzt|ärztin)|pta|tfa|mfa|"
    r"rezeption|empfang|surveyor|qs|prevencionista|conserje|profesional|arquitec?t[ao]|specjalist\w*|"
    r"underwriter|coach|estilista|cu[ñn]ad[oa]|" + TRADES + r")\b",
    re.IGNORECASE,
)
_CHAMPION = re.compile(r"\b(?:champion|sponsor|internal advocate)\b", re.IGNORECASE)

_ASSISTANT_TO = re.compile(r"^(?:(?:executive|personal)\s+)?assistant\s+to\b|^(?:EA|PA)\b", re.IGNORECASE)
# An IT contact without authority is neither a user nor a decider; the head of IT decides.
_IT = re.compile(r"\b(?:IT|IAM|infosec|sysadmin|network|helpdesk|help desk)\b", re.IGNORECASE)
_IT_AUTHORITY = re.compile(
    r"\b(?:head|director|dir|chief|vp|vice president|cio|cto|ciso)\b|leiter|leitung|hoofd", re.IGNORECASE
)
# Who guards data or the law without buying: a data-protection or privacy officer, compliance staff
_GUARDIAN = re.compile(
    r"\b(?:dpo|dsb|isb|privacy|data protection|encarregad[oa] de (?:dados|prote\w+)|compliance)\b|datenschutz|"
    r"beauftragte|syndikus|anw[äa]lt",
    re.IGNORECASE,
)
_GUARDIAN_AUTHORITY = re.compile(r"\b(?:head|director|dir|chief|vp|vice president|cco|hoofd)\b|leiter", re.I)
# Family in a small business: a spouse is named because they keep the money, a parent because they own it
_SPOUSE = re.compile(
    r"^(?:(?:his|her|their|the)\s+)?(?:wife|husband|spouse|moglie|marito|esposa|esposo|femme|mari)$", re.I
)
_PARENT = re.compile(r"^(?:(?:his|her|their|the)\s+)?(?:mother|father|mum|mom|dad|mamá|papá)$", re.I)
# Where someone works, or who they work beside, says they use the product: "on our data team".
_TEAMMATE = re.compile(
    r"\b(?:team|desk|department|dept|shift|crew|reception|dispatch|warehouse|lab|kitchen|colleague|co-?worker)\b",
    re.IGNORECASE,
)
# Managers who run a site or its operations decide; a practice or office manager runs the day.
_SITE_MANAGER = re.compile(
    r"\b(?:plant|operations|ops|site|branch|store|general|service|"
    # a facility someone runs: "Packhouse Manager", "elevator mgr", "the mill manager", "Coolstore Manager"
    r"pack-?house|packing|mill|elevator|terminal|farm|orchard|gin|cool-?store|cool store|cold store|co-?op|"
    r"factory|depot|yard|quarry|mine|winery|brewery|distillery|hotel|venue|club)\s+(?:manager|mgr)\b"
    # whoever a contact reports to decides: "her mgr", "my manager"
    r"|^(?:my|her|his|their|our)\s+(?:manager|mgr)$",
    re.I,
)
_OFFICE_MANAGER = re.compile(
    r"\b(?:practice|clinic|office)\s+(?:manager|mgr|administrator|admin)\b|\bpraxismanager\w*", re.I
)
# "head brewer", "head nurse": the most senior of those who do the work
_HEAD_OF_A_TRADE = re.compile(
    r"^head\s+(?!of\b)(?:nurse|technician|engineer|driver|groundskeeper|" + TRADES + r")\b",
    re.IGNORECASE,
)
# "Assistant Superintendent", "Assistant Vice President": a deputy of the top post still decides
_JUNIOR = re.compile(
    r"^(?:asst\.?|assistant)\s+(?!(?:superintendent|supt|vice[ -]president|vp|commissioner|provost|dean|chief)\b)\w",
    re.IGNORECASE,
)
# Who works on the money without holding it: "finance analyst", "AP clerk", "assistant to the CFO"
_FINANCE_STAFF = re.compile(
    r"\b(?:analyst|clerk|coordinator|assistant(?!\s+(?:superintendent|supt|vice|vp|commissioner|chief)\b))\b", re.I
)
# "runs our night shift" is a user's job; "runs the clinic", "runs sales ops" is a boss's
_RUNS_A_UNIT = re.compile(
    r"^(?:runs|manages|leads)\s+(?:our|their|the)\s+[\w -]*?(?:shift|desk|fleet|floor|line|team)\b", re.I
)


def role_for(title: str) -> str:
    """The contact role a title suggests: the rules' role, weighed by the learned role model."""
    rule = rule_role(title)
    model = role_model.shipped_role_model()
    return rule if model is None else model.role(title, rule)


def rule_role(title: str) -> str:
    """The role the title's words say by rule; finance comes first: a CFO is the budget's owner."""
    if _CHAMPION.search(title):
        return CHAMPION
    if _ASSISTANT_TO.search(title) or _without_authority(title):
        return OTHER
    if family := _family_role(title):
        return family
    if _JUNIOR.search(title) or _RUNS_A_UNIT.search(title) or _OFFICE_MANAGER.search(title):
        return USER
    if _HEAD_OF_A_TRADE.search(title):
        return USER
    if _SITE_MANAGER.search(title):
        return DECISION_MAKER
    if _FINANCE.search(title) and not _FINANCE_STAFF.search(title):
        return BUDGET_OWNER
    if _DECIDER.search(title):
        return DECISION_MAKER
    if _USER.search(title) or _TEAMMATE.search(title):
        return USER
    return OTHER


def _without_authority(title: str) -> bool:
    """An IT contact, a data-protection officer or compliance staff who is not the head of it."""
    return bool(
        (_IT.search(title) and not _IT_AUTHORITY.search(title))
        # "finance and compliance manager" holds money first
        or (_GUARDIAN.search(title) and not _GUARDIAN_AUTHORITY.search(title) and not _FINANCE.search(title))
    )


def _family_role(title: str) -> str | None:
    """A spouse's role or a parent's in a family business, or None for any other title."""
    if _SPOUSE.match(title):
        return BUDGET_OWNER
    return DECISION_MAKER if _PARENT.match(title) else None
