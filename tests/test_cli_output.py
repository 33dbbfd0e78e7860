"""What the CLI prints: text from outside (paths, names, messages) is printed as written — no rich markup,
no emoji codes (`out/draft.yaml:100:` stayed `out/draft.yaml💯`) — and its sentences are grammatical."""

from __future__ import annotations

from tongxin import cli


def test_paths_and_names_print_as_written():
    line = "out/draft.yaml:100: entities[12].name: [red]not bold[/red] :smile:"
    with cli.out.capture() as cap:
        cli.out.print(line, markup=False)
        cli._table(["name"], [{"name": "[bold]某村[/bold]"}, {"name": ":100:"}])
    text = cap.get()
    assert line in text and "💯" not in text and "😄" not in text
    assert "[bold]某村[/bold]" in text and ":100:" in text


def test_partner_phrases_are_grammatical():
    assert cli.partner_phrase("Enterprise") == "an Enterprise (企业) partner"
    assert cli.partner_phrase("Association") == "an Association (协会/商会) partner"
    assert cli.partner_phrase("Organisation") == "an Organisation (组织) partner"
    assert cli.partner_phrase("DemocraticParty") == "a DemocraticParty (民主党派) partner"
    assert cli.partner_phrase("Person") == "a Person (个人) partner"
    assert cli.partner_phrase("any") == "any partner (任何结对方)"
