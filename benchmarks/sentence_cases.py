"""Hard cases of English sentence boundary detection, with the right answers.

Written for this project (not taken from any other splitter's test suite) and shared by
``tests/test_sentences.py`` (one parametrized test per case) and
``benchmarks/bench_sentences.py`` (accuracy of the toolkit and of the baselines).
A case is right only when the splitter returns exactly the expected list of stripped
sentences.

``CASES`` maps a phenomenon to a list of ``(text, expected sentences)``.
"""
from __future__ import annotations

__all__ = ["CASES", "all_cases"]

CASES: dict[str, list[tuple[str, list[str]]]] = {
    "plain": [
        ("The vote was close. Turnout was low.", ["The vote was close.", "Turnout was low."]),
        ("Why did it fail? Nobody knows.", ["Why did it fail?", "Nobody knows."]),
        ("What a match! The crowd went wild.", ["What a match!", "The crowd went wild."]),
        ("Really?! That cannot be right.", ["Really?!", "That cannot be right."]),
        ("No way!!! We won.", ["No way!!!", "We won."]),
        ("The deal was signed on Monday.", ["The deal was signed on Monday."]),
    ],
    "titles and ranks": [
        (
            "Lt. Gen. Stephen Townsend briefed reporters. He took questions.",
            ["Lt. Gen. Stephen Townsend briefed reporters.", "He took questions."],
        ),
        ("Mr. Brown met Mrs. Green and Dr. White at noon.", ["Mr. Brown met Mrs. Green and Dr. White at noon."]),
        (
            "The bill was backed by Sen. Ann Ray and Gov. Tom Hale. It passed.",
            ["The bill was backed by Sen. Ann Ray and Gov. Tom Hale.", "It passed."],
        ),
        ("Prof. Lee and Capt. Ortiz sailed past Mt. Etna.", ["Prof. Lee and Capt. Ortiz sailed past Mt. Etna."]),
        (
            "Sgt. Maj. Ruiz and Col. Diaz were cited by Rep. Klein.",
            ["Sgt. Maj. Ruiz and Col. Diaz were cited by Rep. Klein."],
        ),
        ("The service was held at St. Paul's in London.", ["The service was held at St. Paul's in London."]),
        ("Ms. Okafor replied. Mr. Ito did not.", ["Ms. Okafor replied.", "Mr. Ito did not."]),
        ("Dr. No is a film. It came out in 1962.", ["Dr. No is a film.", "It came out in 1962."]),
    ],
    "dotted abbreviations": [
        (
            "The U.S. economy grew. The U.K. economy shrank.",
            ["The U.S. economy grew.", "The U.K. economy shrank."],
        ),
        (
            "Her family moved to the U.S. She was six at the time.",
            ["Her family moved to the U.S.", "She was six at the time."],
        ),
        (
            "Exports to the U.K. fell sharply. Imports rose.",
            ["Exports to the U.K. fell sharply.", "Imports rose."],
        ),
        ("He briefed the U.S. Senate on Tuesday.", ["He briefed the U.S. Senate on Tuesday."]),
        ("She has lived in the U.K. since 1999.", ["She has lived in the U.K. since 1999."]),
        (
            "Sanctions were lifted by the E.U. But talks stalled.",
            ["Sanctions were lifted by the E.U.", "But talks stalled."],
        ),
        ("Troops from U.S.-backed groups entered the town.", ["Troops from U.S.-backed groups entered the town."]),
        (
            "He lives in Washington, D.C. The president lives there too.",
            ["He lives in Washington, D.C.", "The president lives there too."],
        ),
        ("He was born in St. Louis, Mo. He moved away.", ["He was born in St. Louis, Mo.", "He moved away."]),
        (
            "She earned a Ph.D. in physics. Then she joined N.A.S.A. in Houston.",
            ["She earned a Ph.D. in physics.", "Then she joined N.A.S.A. in Houston."],
        ),
    ],
    "initials": [
        (
            "The Hobbit was written by J. R. R. Tolkien in 1937.",
            ["The Hobbit was written by J. R. R. Tolkien in 1937."],
        ),
        ("George W. Bush spoke first. Laura Bush followed.", ["George W. Bush spoke first.", "Laura Bush followed."]),
        ("Books by J.K. Rowling sold well. Sales doubled.", ["Books by J.K. Rowling sold well.", "Sales doubled."]),
        (
            "I met Martin L. King Jr. at the hotel. He smiled.",
            ["I met Martin L. King Jr. at the hotel.", "He smiled."],
        ),
        (
            "The band was just him and I. Did they ever record?",
            ["The band was just him and I.", "Did they ever record?"],
        ),
        ("Tests found vitamin D. The levels were low.", ["Tests found vitamin D.", "The levels were low."]),
        ("He fought in World War I. Then he went home.", ["He fought in World War I.", "Then he went home."]),
        ("We needed Plan B. The first plan failed.", ["We needed Plan B.", "The first plan failed."]),
    ],
    "time": [
        ("The polls opened at 7 a.m. on Thursday.", ["The polls opened at 7 a.m. on Thursday."]),
        (
            "The polls closed at 10 p.m. The count began at once.",
            ["The polls closed at 10 p.m.", "The count began at once."],
        ),
        ("Doors open at 6 p.m. Mr. Hill will speak first.", ["Doors open at 6 p.m. Mr. Hill will speak first."]),
        ("The flight landed at 4.30 a.m.", ["The flight landed at 4.30 a.m."]),
        ("Trading starts at 8 A.M. It ends at 4 P.M.", ["Trading starts at 8 A.M.", "It ends at 4 P.M."]),
    ],
    "numbers and money": [
        (
            "Profits jumped 76% to $1.13bn (£600m). Sales rose 2% to $11.1bn.",
            ["Profits jumped 76% to $1.13bn (£600m).", "Sales rose 2% to $11.1bn."],
        ),
        ("Inflation hit 3.5%. Rates will rise.", ["Inflation hit 3.5%.", "Rates will rise."]),
        ("The bill came to £12.50 per head.", ["The bill came to £12.50 per head."]),
        ("Shares fell 0.3p to 45.25p. Bonds rallied.", ["Shares fell 0.3p to 45.25p.", "Bonds rallied."]),
        (
            "The firm was founded in 1998. It now employs 3,000.",
            ["The firm was founded in 1998.", "It now employs 3,000."],
        ),
        ("Fears of ISIS 2.0 grew. Leaders met.", ["Fears of ISIS 2.0 grew.", "Leaders met."]),
        ("He scored 2.5 goals a game in 2004.", ["He scored 2.5 goals a game in 2004."]),
        ("He won in 2004. 2005 was worse.", ["He won in 2004.", "2005 was worse."]),
        ("See section 4.2. It explains the rule.", ["See section 4.2.", "It explains the rule."]),
    ],
    "numbered references and months": [
        ("She lives at No. 10 with her aunt.", ["She lives at No. 10 with her aunt."]),
        ("The quote is on p. 42 of the report.", ["The quote is on p. 42 of the report."]),
        ("The ruling came on Jan. 5 after a long wait.", ["The ruling came on Jan. 5 after a long wait."]),
        (
            "The attacks of Sept. 11 changed everything. Nothing was the same.",
            ["The attacks of Sept. 11 changed everything.", "Nothing was the same."],
        ),
        (
            "Beethoven's Symphony No. 9 was played. The hall was full.",
            ["Beethoven's Symphony No. 9 was played.", "The hall was full."],
        ),
        ("The new rules start in Oct. The old ones end.", ["The new rules start in Oct.", "The old ones end."]),
    ],
    "companies and lists": [
        ("Shares in Acme Inc. rose on Friday.", ["Shares in Acme Inc. rose on Friday."]),
        (
            "He sold the stake to Lloyd & Co. Its value doubled.",
            ["He sold the stake to Lloyd & Co.", "Its value doubled."],
        ),
        ("The deal with Apex Corp. was approved.", ["The deal with Apex Corp. was approved."]),
        ("Bring pens, paper, etc. to the exam.", ["Bring pens, paper, etc. to the exam."]),
        ("Bring pens, paper, etc. The rest is provided.", ["Bring pens, paper, etc.", "The rest is provided."]),
        ("Some fruits, e.g. apples, keep well.", ["Some fruits, e.g. apples, keep well."]),
        ("The main cost, i.e. rent, went up.", ["The main cost, i.e. rent, went up."]),
        ("The study by Smith et al. was retracted.", ["The study by Smith et al. was retracted."]),
        ("The firm is Foster Bros. Ltd. of Leeds.", ["The firm is Foster Bros. Ltd. of Leeds."]),
    ],
    "ellipses": [
        ("We had hoped... but it was not to be.", ["We had hoped... but it was not to be."]),
        ("We must keep... ISIS 2.0 from emerging.", ["We must keep... ISIS 2.0 from emerging."]),
        ("I waited and waited... Then the bus came.", ["I waited and waited...", "Then the bus came."]),
        ("She paused… It was too late.", ["She paused…", "It was too late."]),
        ("The list goes on…", ["The list goes on…"]),
        ("He said it was, well … complicated.", ["He said it was, well … complicated."]),
        ("That was the end.... Nobody came back.", ["That was the end....", "Nobody came back."]),
        ("The law says . . . that no one may enter.", ["The law says . . . that no one may enter."]),
        ("The report [...] was never published.", ["The report [...] was never published."]),
        (
            '"We will rebuild [...]" (Annual Report, 2004). The work began.',
            ['"We will rebuild [...]" (Annual Report, 2004).', "The work began."],
        ),
        (
            "It ended there. . . . A new era began.",
            ["It ended there. . . .", "A new era began."],
        ),
    ],
    "quotes and brackets": [
        ('"Is it over?" he asked.', ['"Is it over?" he asked.']),
        ('"Stop!" That was all she said.', ['"Stop!"', "That was all she said."]),
        ('"We will win," she said. "We always do."', ['"We will win," she said.', '"We always do."']),
        ("“It is over.” The crowd left.", ["“It is over.”", "The crowd left."]),
        ("He called it 'a disaster.' Others agreed.", ["He called it 'a disaster.'", "Others agreed."]),
        ("“Why now?” asked one voter.", ["“Why now?” asked one voter."]),
        (
            "The vote passed (by a narrow margin.) Critics were angry.",
            ["The vote passed (by a narrow margin.)", "Critics were angry."],
        ),
        (
            "He left (he had no choice). She stayed.",
            ["He left (he had no choice).", "She stayed."],
        ),
        ("The ban (announced in May.) starts today.", ["The ban (announced in May.) starts today."]),
        (
            "She quoted the line: “All reports are false.” Then she sat down.",
            ["She quoted the line: “All reports are false.”", "Then she sat down."],
        ),
        (
            'He said: "It works. It really works." Nobody laughed.',
            ['He said: "It works.', 'It really works."', "Nobody laughed."],
        ),
    ],
    "names with punctuation": [
        ("She works at Yahoo! in London.", ["She works at Yahoo! in London."]),
        ("It was sold on eBay. eBay took a cut.", ["It was sold on eBay.", "eBay took a cut."]),
        ("Sales of the iPod rose. iTunes grew too.", ["Sales of the iPod rose.", "iTunes grew too."]),
    ],
    "urls and e-mail": [
        ("Visit www.example.com for details.", ["Visit www.example.com for details."]),
        ("Write to john.doe@mail.com. He replies fast.", ["Write to john.doe@mail.com.", "He replies fast."]),
        (
            "The text is at https://news.example.org/2004/a.b.html. Read it.",
            ["The text is at https://news.example.org/2004/a.b.html.", "Read it."],
        ),
        ("See bbc.co.uk/news or email help@bbc.co.uk today.", ["See bbc.co.uk/news or email help@bbc.co.uk today."]),
    ],
    "lists": [
        ("1. Preheat the oven.\n2. Mix the flour.", ["1. Preheat the oven.", "2. Mix the flour."]),
        ("1) Eggs 2) Milk 3) Bread", ["1) Eggs", "2) Milk", "3) Bread"]),
        ("1. Eggs 2. Milk 3. Bread", ["1. Eggs", "2. Milk", "3. Bread"]),
        ("a. Fold the paper b. Cut along the line", ["a. Fold the paper", "b. Cut along the line"]),
        ("• Lower taxes • Fewer rules • More jobs", ["• Lower taxes", "• Fewer rules", "• More jobs"]),
        ("- Lower taxes\n- Fewer rules", ["- Lower taxes", "- Fewer rules"]),
        (
            "Key points:\n• Sales rose 5%.\n• Costs fell.",
            ["Key points:", "• Sales rose 5%.", "• Costs fell."],
        ),
        ("3.) Pay the bill. 4.) Leave a tip.", ["3.) Pay the bill.", "4.) Leave a tip."]),
        ("A. Smith, B. Jones and C. Brown spoke.", ["A. Smith, B. Jones and C. Brown spoke."]),
        (
            "Two facts matter: 1) costs rose 2) sales fell.",
            ["Two facts matter:", "1) costs rose", "2) sales fell."],
        ),
        ("Buy these today. 1. Eggs 2. Milk", ["Buy these today.", "1. Eggs", "2. Milk"]),
    ],
    "headlines and paragraphs": [
        (
            "Ad sales boost profit\n\nQuarterly profits jumped 76%. Sales rose.",
            ["Ad sales boost profit", "Quarterly profits jumped 76%.", "Sales rose."],
        ),
        (
            "Homeland Security\n\nPentagon 'Worried' About ISIS\n\nThe Pentagon spoke today.",
            ["Homeland Security", "Pentagon 'Worried' About ISIS", "The Pentagon spoke today."],
        ),
        ("Markets rally\nStocks rose on Monday.", ["Markets rally", "Stocks rose on Monday."]),
        (
            "First paragraph ends here\n\nSecond one starts here. It goes on.",
            ["First paragraph ends here", "Second one starts here.", "It goes on."],
        ),
        (
            "The minister said the plan was\nsound and would pass.",
            ["The minister said the plan was\nsound and would pass."],
        ),
        ("It was over.\n\n\n   \nA new day.", ["It was over.", "A new day."]),
        (
            "ARLINGTON, Va. — The Pentagon spoke today. It was brief.",
            ["ARLINGTON, Va. — The Pentagon spoke today.", "It was brief."],
        ),
    ],
}


def all_cases() -> list[tuple[str, str, list[str]]]:
    """Every case as ``(phenomenon, text, expected)``, in table order."""
    return [(kind, text, expected) for kind, cases in CASES.items() for text, expected in cases]
