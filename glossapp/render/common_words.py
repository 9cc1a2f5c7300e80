"""Words that are never cross-linked as they are: English stop words and the most common
English words. A glossary name made only of these words links only where the text
writes it exactly as the glossary does and that spelling has a capital after its first
letter (`AND`, `SAME`, `IT`): see `crosslinks`.

1. The Snowball English stop word list (127 words), by Martin Porter and Richard
   Boulton, https://snowballstem.org/algorithms/english/stop.txt, BSD 3-Clause licence
   (as also shipped in Whoosh's whoosh/lang/stopwords.py).
2. The 1000 most frequent English words made only of letters a-z, from
   wordfreq 3.1.1: `wordfreq.top_n_list("en", 1200)` (Robyn Speer, wordfreq,
   doi:10.5281/zenodo.7199437; its word list data is CC BY-SA 4.0, and this derived
   list is offered under the same licence).
3. Latin and abbreviations of English prose, added by hand: `SUPPLEMENT` below ("et al.",
   "etc.", "vs.", "i.e."; FOLDOC has an entry "et", Ethiopia's domain).


Kept as a module, not a data file, so every way of shipping the package (wheel, bundle)
carries it. Regenerate: the Snowball list, then `wordfreq.top_n_list("en", 1200)` keeping
words of letters a-z only, its first 1,000.
"""

from __future__ import annotations

SUPPLEMENT = frozenset("et al etc vs viz ie eg cf ca ibid per via".split())  # noqa: SIM905

COMMON_WORDS = SUPPLEMENT | frozenset(
    """
i me my myself we our ours ourselves you your yours yourself yourselves he him his
himself she her hers herself it its itself they them their theirs themselves what which
who whom this that these those am is are was were be been being have has had having do
does did doing a an the and but if or because as until while of at by for with about
against between into through during before after above below to from up down in out on
off over under again further then once here there when where why how all any both each
few more most other some such no nor not only own same so than too very s t can will
just don should now one like time get would new people also good first know see two make
think could back us want go well said way much even may need really right work year
years day going made still take got many never life say world great last best love man
home long look something use used every come part state three around always better find
help high little old since another things game thing give house place school next mr
without end found must show big feel sure team ever family keep might please put money
free second someone away left number city days lot name night play company let real
called different set thought done however getting god government group looking public
top women business care start system times week already anything case nothing person
today change enough everything full live making point read told yet bad four hard mean
support tell including music power seen states stop water based believe call head men
national small took white came far job side though try went yes actually american later
less line order party run says service country open season shit thank children everyone
general trying united using area black d following law makes together war whole car face
five kind maybe per president story working course games health hope important least
means news within able book early friends information local oh post thanks video young
ago others social talk court fact given guys half hand level mind often single become
body coming control death food guy hours office pay problem south true almost fuck
history known large lost m research room several started taking university win wrong
along anyone else girl john matter pretty remember air bit friend hit needs nice playing
probably saying understand yeah york class close comes idea international looks past
possible wanted b cause due happy human members months move question r series wait woman
ask community data late leave north saw special watch c either fucking future light low
million morning police short stay taken age buy deal rather reason red report soon third
turn whether among check development form heart minutes services act although asked
child fire fun living major media phone players art behind building easy gonna market
near non plan political quite six talking west works according available e education
final former front kids list ready sometimes son street bring college current example
experience heard london meet program type baby chance father march process song study
word across action clear gave gets month outside self students words board cost cut dr
field held instead main moment mother road seems thinking town wants de department
energy fight fine force hear issue played points price re rest results running shows
space summer term wife america beautiful date goes killed land miss project sex shot
site strong account co especially eyes include june parents period position record
similar total w club common died film happened knew lead likely military perfect
personal security share st tv won x april center county couple dead english happen hold
industry inside issues online player private problems return rights sense star test view
weeks break british companies event higher hour l member middle needed present result
sorry takes training wish answer boy design finally girls gold gone guess interest july
king learn policy society added al alone average bank brought certain church east hands
hot longer medical movie original park performance press received role sent tried worked
worth areas became bill books cool director exactly giving ground meeting n provide
questions relationship september sound source usually value evidence follow lives
official ok production rate reading round save stand stuff tax whatever amount blue
countries david drive eat fall fast federal feeling felt green league management match
model p picture size step trust central changes england forward groups hey key mom o
page paid range review science trade uk upon various attention brother cannot character
chief cup football hate james led looked lower natural october property quality send
style u vote amazing august blood china complete dog economic hell involved language
lord november oil related serious stage terms title add article attack born damn decided
decision enjoy entire french january kill met perhaps poor release situation technology
turned website written choice code considered continue council cover currently door
election european events f financial foreign hair increase legal lose michael pick race
seem seven sign simple simply staff super union walk washington bed began built career
changed crazy daily daughter december die difficult figure hospital knows loss modern
ones paper parts popular published safe starting systems version voice whose writing
army australia earth forget goal h huge internet listen okay practice rules sea sir
success towards v waiting ways access base created deep followed la lol mark missing
offer pass professional released risk schools sleep table ten truth ball box build card
cases dark district europe george india mine minister note percent piece products recent
seeing straight visit wall wanna wrote allowed boys culture etc fans february gives
growth included married officer pain paul places respect response river rock shall speak
specific standard tonight write y album century charge cold create effect eight except
eye funny ii limited moving network peace provided recently required sales spent store
student tomorrow track via watching weight addition ahead allow
""".split()  # noqa: SIM905
)
