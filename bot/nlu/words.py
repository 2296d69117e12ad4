"""Word lists the parser needs: question words that are never a company, and ordinary English
words that a company may be named after ("Bolt", "Wish", "Block") and so need layoff context."""

from __future__ import annotations

__all__ = ["QUESTION_WORDS", "COMMON_WORDS", "TOPIC_WORDS", "INTENT_WORDS", "NEVER_A_NAME", "COMPANY_LIKE_WORDS", "is_ordinary"]

QUESTION_WORDS: frozenset[str] = frozenset(
    """
    a an the and or but if of in on at to for from by with without about as into onto over under up down out off
    is are was were be been being am do does did done doing have has had having will would shall should can could
    may might must i me my we our us you your he she it its they them their this that these those there here
    what which who whom whose when where why how many much more most less least few fewer all any each every some
    no not nor only own same so than too very just also again ever never now then once please thanks thank hi hello
    hey yo ok okay yes yeah tell show give list get got find let lets know see want need like
    layoff layoffs laid lay lays laying cut cuts cutting job jobs fired fire firing firings sacked axed axe shed
    redundancy redundancies headcount staff employees employee workers worker people persons workforce positions
    roles role team teams company companies firm firms business businesses corp corporation inc ltd llc co group
    total totals sum overall altogether combined count number numbers figure figures stats statistics data
    round rounds wave waves time times timeline history historical list latest recent recently new newest last
    past previous next this year years month months quarter quarters week weeks day days today yesterday since
    before after between during until till through ytd date so far
    top biggest largest most highest worst best big large huge small rank ranking ranked leaderboard ranks
    compare compared comparison versus vs against difference
    percent percentage share proportion fraction ratio
    plan plans planned planning planning rumor rumors rumour rumours rumored rumoured upcoming expected coming
    more further another additional future
    tech technology sector industry industries country countries worldwide global world
    chart plot graph graphs charts plots visualize visualise draw picture diagram bar bars line
    help usage commands command examples example
    job-cuts job-cut lay-offs lay-off
    what's whats who's how's hows it's i'm
    q1 q2 q3 q4 h1 h2 first second third fourth half
    jan january feb february mar march apr april may jun june jul july aug august sep sept september oct october
    nov november dec december
    did anyone someone anybody everyone everything nothing something
    """.split()
)

# Ordinary words that companies are named after: where a name surely goes ("stripe layoffs"),
# one of them that matches no company we have is a company we don't have.
COMPANY_LIKE_WORDS: frozenset[str] = frozenset(
    """
    block snap zoom square bolt wish clear compass root bird lime spin stash mode carbon
    convoy hopper swing notion loom ramp plaid chime stripe match box target shell ford apple oracle
    """.split()
)

COMMON_WORDS: frozenset[str] = frozenset(
    """
    block snap zoom square bolt wish clear compass root bird lime spin stash mode via carbon outside
    better convoy hopper swing notion loom ramp plaid chime stripe match box
    about above across act add age ago air almost alone along already although always among amount
    animal answer area arm around art ask away back bad bag ball bank base bear beat beautiful because become bed
    begin behind believe below beside better bill bit black blood blue board boat body book born both bottom
    box boy break bring brother build burn buy call camp capital car card care carry case cat catch cause
    cell center certain chair chance change character charge check child choose church circle city class clean
    clock close cloud coast cold color come common complete condition consider contain continue control cook
    cool copy corn corner cost cotton could course cover cow create cross crowd cry current dance dark dead deal
    dear death decide deep degree depend describe desert design detail develop die direct discuss distant divide
    doctor dog dollar door double dream dress drink drive drop dry duck during each ear early earth ease east
    eat edge effect egg eight either electric element else end enemy energy engine enough enter equal even
    event exact exactly except excite exercise expect experience eye face fact fair fall family famous far farm
    fast fat father favor fear feed feel feet field fight fill final fine finger finish fish fit five flat floor
    flow flower fly follow food foot force forest form forward found four free fresh friend front fruit full fun
    game garden gas gather general gentle girl glad glass go gold good grand grass gray great green ground grow
    guess guide gun hair hand happen happy hard hat head hear heart heat heavy held hill hit hold hole home hope
    horse hot hour house huge human hundred hunt hurry ice idea imagine inch include indicate information
    intelligence interest invent iron island job join joy jump keep key kill kind king kitchen land language
    large late laugh law lead learn leave left leg length level lie life lift light line liquid listen little live
    long look lost lot loud love low machine main major make man map mark market mass master matter mean measure
    meat meet melody metadata metal method middle might mile milk million mind mine minute miss modern moment money
    monkey moon morning mother motion mount mountain mouth move music name nation natural nature near necessary
    neck neighbor night nine noise noon north nose note notice noun numeral object observe ocean offer office oil
    old open operate opposite order organ original other oxygen page paint pair paper paragraph parent part
    particular party pass path pattern pay perhaps period person phrase pick piece pitch place plain plane planet
    plant play point poor populate port pose possible post pound power practice prepare present press pretty print
    probable problem process produce product proper property protect prove provide pull push put question quick
    quiet quite race radio rail rain raise reach read ready real reason receive record red region remember repeat
    reply represent require rest result rich ride right ring rise river road rock room rope rose rule run safe sail
    salt sand save say scale school science score sea seat section seed seem segment select self sell send sense
    sentence separate serve set settle seven shape sharp sheet shell shine ship shoe shop shore short shoulder shout
    side sight sign silent silver similar simple sing single sister sit six size skill skin sky sleep slip slow
    smell smile snow soft soil soldier solution solve son song soon sound south space speak special speech speed
    spell spend spot spread spring stand star start state stay stead steam steel step stick still stone stop store
    story straight strange stream street stretch string strong student study subject success sudden suffix sugar
    suggest suit summer sun supply support sure surface surprise swim syllable symbol system table tail take talk
    teach temperature ten term test thick thin thing think third thought thousand three throw thus tie tiny tire
    together tone tool tooth touch toward town track trade train travel tree triangle trip trouble truck true try
    tube turn twenty two type under unit until use usual valley value vary verb view village visit voice vowel wait
    walk wall war warm wash watch water wave way wear weather weight well west wheel white whole wide wife wild win
    wind window winter wire wise woman wonder wood word work world write wrong yard yellow young
    """.split()
)


# Words that sit where a company name goes ("startup layoffs", "layoffs at banks") but name a
# kind of employer, a place or a cause: never reported as "a company I don't have".
TOPIC_WORDS: frozenset[str] = frozenset(
    """
    startup startups covid covid-19 pandemic government governments federal public private bank banks big faang
    maang mamaa remote mass massive major minor corporate silicon valley bay area wall street software engineers
    engineering engineer developers developer programmers tech's techs california texas york london seattle
    bangalore bengaluru berlin paris europe european asia asian africa african latam emea apac americas
    shutdown shutdowns closure closures bankruptcy bankruptcies
    unicorn unicorns saas fortune enterprise enterprises brands retailers banks' recession economy economic
    """.split()
)


# Words that ask for something ("percentages?", "timeline", "breakdown") or qualify it
# ("roughly", "confirmed"), publishers we quote, and filler: a follow-up fragment made of them is
# never "a company I don't have".
INTENT_WORDS: frozenset[str] = frozenset(
    """
    percentages percents shares pct breakdown breakdowns details detail dates timelines histories list lists
    listing chart charted rank rankings leaders leading heaviest busiest peak sum sums summary overview
    compare comparing comparisons faster slower pace rate rates speed quickly frequently often times
    roughly approximately approx about around nearly almost exactly precisely estimated estimate estimates
    confirmed reported rumors rumours rumoured rumored planned plans announced announcement announcements
    cumulative cumulatively undisclosed unknown disclosed total totals combined together altogether overall
    according source sources layoffs.fyi fyi challenger trueup crunchbase bloomberg reuters cnbc wsj techcrunch
    news update updates anything else more again instead please thanks really actually right correct true
    wrong sure monthly quarterly yearly annually annual weekly daily per each every month's year's
    one sack sacks sacking terminate terminated terminating termination terminations eliminate eliminated
    job-cuts layoffs? laidoff laid-off firings sackings redundancy cutbacks cutback reductions reduction rif rifs
    individual massive mass major minor temporary permanent voluntary involuntary sweeping widespread additional
    potential possible global national international internal official unofficial partial general seasonal
    regional local technical critical final initial historical significant substantial brutal painful fresh
    unexpected surprise sudden quiet stealth secret silent ongoing continued continuing repeated multiple several
    various numerous serial rolling successive consecutive cost-cutting ai-driven ai-related separate similar
    strategic economic systemic historic dramatic drastic specific public domestic periodic sporadic chronic organic
    eu ok pm am ya ur im btw imo tbh pls plz idk ppl vs. etc
    wow hmm huh lol ok okay cool nice great yes no nope yep yup hello hi hey thx ty
    """.split()
)

NEVER_A_NAME: frozenset[str] = (QUESTION_WORDS | COMMON_WORDS | TOPIC_WORDS | INTENT_WORDS) - COMPANY_LIKE_WORDS


def is_ordinary(word: str) -> bool:
    return word in QUESTION_WORDS or word in COMMON_WORDS
