"""The case pages: an officer walks a case through every step in the browser's forms,
the PPID Utama reviews it, and the service's rules and access checks hold whatever
the page shows."""

from __future__ import annotations

from web_support import (
    CITE,
    CONCLUDE,
    IDENTIFY,
    OPEN,
    STEPS,
    WEIGH,
    PageForms,
    WebBench,
    act,
    open_case,
    post_form,
    save_draft,
    walk,
)

from ujikon.domain.states import CaseState
from ujikon.web.case_forms import DraftStore

SAMPLE = "01-rekam-medis-pegawai.yaml"
TWO_GROUNDS = "02-berkas-penyidikan-ppns.yaml"


# -- walking a case ----------------------------------------------------------------------


def test_an_officer_walks_a_case_through_every_step_to_review(web: WebBench) -> None:
    siti = web.as_user("siti")
    case_id = open_case(siti)
    for trigger, data in STEPS:
        response = act(siti, case_id, trigger, data)
        assert response.status_code == 303, (trigger, response.text[-2000:])
        # the case page, at the next step's form when there is one
        assert response.headers["location"].split("#")[0] == f"/cases/{case_id}"
    case = web.service.get_case(case_id)
    assert case.state is CaseState.IN_REVIEW
    assert case.unit == "Bagian Hukum"
    assert case.grounds is not None and case.grounds.ground_ids() == ["17h2"]
    assert case.identification is not None
    assert case.identification.parts == [
        "Lampiran 4 (hasil pemeriksaan kesehatan)",
        "Lampiran 5 (surat keterangan dokter)",
    ]


def test_the_case_view_shows_the_facts_of_every_recorded_step(web: WebBench) -> None:
    siti = web.as_user("siti")
    case_id = open_case(siti)
    walk(siti, case_id, until="submit")
    page = siti.get(f"/cases/{case_id}").text
    assert "Berkas Kepegawaian a.n. Pegawai NIP 19800101 200501 1 001" in page
    assert "UU 14/2008 Pasal 17 huruf h angka 2" in page
    assert "stigma dan diskriminasi" in page
    assert "Akuntabilitas proses pengangkatan" in page
    assert "Dikecualikan sebagian" in page
    assert "045/PPID/X/2026" in page


def test_opening_a_case_on_a_request_without_its_number_is_refused_at_the_field(
    web: WebBench,
) -> None:
    siti = web.as_user("siti")
    response = post_form(siti, "/cases/new", "/cases/new", {**OPEN, "trigger.reference": ""})
    assert response.status_code == 422
    page = PageForms(response.text)
    assert "nomor permohonan" in page.described("/cases/new", "trigger.reference")
    assert 'data-rule="trigger-recorded"' in response.text
    assert page.value("/cases/new", "summary") == OPEN["summary"]
    assert web.service.list_cases() == []


# -- only the steps the viewer may take ----------------------------------------------------


def test_an_officer_on_a_draft_is_offered_identify_and_not_approve(web: WebBench) -> None:
    siti = web.as_user("siti")
    case_id = open_case(siti)
    offered = PageForms(siti.get(f"/cases/{case_id}").text).step_actions()
    assert "identify" in offered
    assert "approve" not in offered
    assert "cite_grounds" not in offered


def test_the_ppid_on_a_case_in_review_is_offered_approve_and_return(web: WebBench) -> None:
    case_id = web.import_sample(SAMPLE, by="siti")
    budi = web.as_user("budi")
    offered = PageForms(budi.get(f"/cases/{case_id}").text).step_actions()
    assert {"approve", "return_for_revision"} <= set(offered)
    assert "identify" not in offered


def test_an_auditor_is_offered_no_form(web: WebBench) -> None:
    case_id = web.import_sample(SAMPLE, by="siti")
    dewi = web.as_user("dewi")
    response = dewi.get(f"/cases/{case_id}")
    assert response.status_code == 200
    assert PageForms(response.text).step_actions() == []
    assert "/draft/" not in response.text


def test_a_step_not_offered_is_still_refused_by_the_service(web: WebBench) -> None:
    case_id = web.import_sample(SAMPLE, by="siti")
    siti = web.as_user("siti")
    response = act(siti, case_id, "approve", {"comments": "Saya setujui sendiri."})
    assert response.status_code == 422
    assert "role-may-act" in response.text
    assert web.service.get_case(case_id).state is CaseState.IN_REVIEW


# -- refusals next to their fields ------------------------------------------------------------


def test_citing_a_letter_without_its_item_is_shown_at_the_ground_with_rule_and_article(
    web: WebBench,
) -> None:
    siti = web.as_user("siti")
    case_id = open_case(siti)
    walk(siti, case_id, until="identify")
    typed = "Berkas memuat keterangan saksi dalam penyidikan yang masih berjalan oleh PPNS."
    response = act(
        siti,
        case_id,
        "cite_grounds",
        {"citations[0].ground": "17a", "citations[0].analysis": typed},
    )
    assert response.status_code == 422
    page = PageForms(response.text)
    said = page.described("/act/cite_grounds", "citations[0].ground")
    assert 'data-rule="ground-needs-item"' in response.text
    assert "UU 14/2008 Pasal 17 huruf a" in said
    assert page.value("/act/cite_grounds", "citations[0].analysis") == typed
    assert page.value("/act/cite_grounds", "citations[0].ground") == "17a"
    assert web.service.get_case(case_id).state is CaseState.IDENTIFIED


def test_a_missing_harm_for_a_cited_ground_is_refused_and_the_typed_harm_kept(
    web: WebBench,
) -> None:
    siti = web.as_user("siti")
    case_id = open_case(siti)
    walk(siti, case_id, until="identify")
    two = {
        "citations[0].ground": "17a1",
        "citations[0].analysis": "Penyidikan oleh PPNS masih berlangsung dan berkas belum "
        "dilimpahkan; rencana tindakan lanjutan adalah bagian dari penyidikan.",
        "citations[1].ground": "17a2",
        "citations[1].analysis": "Berkas memuat identitas lengkap dan alamat saksi pelapor "
        "yang melaporkan pembangunan tanpa izin oleh tetangganya.",
    }
    assert act(siti, case_id, "cite_grounds", two).status_code == 303
    page = PageForms(siti.get(f"/cases/{case_id}").text)
    assert page.value("/act/assess_harm", "harms[0].harm") == ""
    typed = "Tersangka dapat mengetahui rencana pemeriksaan dan menghilangkan barang bukti."
    response = act(
        siti,
        case_id,
        "assess_harm",
        {
            "harms[0].ground": "17a1",
            "harms[0].harm": typed,
            "harms[1].ground": "17a2",
            "harms[1].harm": "",
        },
    )
    assert response.status_code == 422
    assert "harm-per-ground" in response.text
    assert "UU 14/2008 Pasal 2 ayat (4), Pasal 19" in response.text
    assert PageForms(response.text).value("/act/assess_harm", "harms[0].harm") == typed
    assert web.service.get_case(case_id).state is CaseState.GROUNDS_CITED


def test_a_blank_required_field_is_named_before_the_service_is_asked(web: WebBench) -> None:
    siti = web.as_user("siti")
    case_id = open_case(siti)
    response = act(siti, case_id, "identify", {**IDENTIFY, "information": "  "})
    assert response.status_code == 422
    page = PageForms(response.text)
    assert "Wajib diisi" in page.described("/act/identify", "information")
    assert page.value("/act/identify", "document.title") == IDENTIFY["document.title"]


def test_a_harm_field_is_offered_for_each_cited_ground_labelled_with_it(web: WebBench) -> None:
    siti = web.as_user("siti")
    case_id = open_case(siti)
    walk(siti, case_id, until="cite_grounds")
    page = siti.get(f"/cases/{case_id}").text
    assert 'name="harms[0].ground" value="17h2"' in page
    assert "Konsekuensi untuk 17h2" in page


def test_the_ground_picker_lists_every_ground_with_its_text_in_both_languages(
    web: WebBench,
) -> None:
    siti = web.as_user("siti")
    case_id = open_case(siti)
    walk(siti, case_id, until="identify")
    page = siti.get(f"/cases/{case_id}").text
    for ground in web.service.catalogue.grounds:
        assert f'<option value="{ground.id}"' in page
        assert ground.article in page
    assert "Reveals personal secrets" in page and "Mengungkap rahasia pribadi" in page


# -- drafts ------------------------------------------------------------------------------------


def test_saving_a_draft_keeps_the_typed_text_without_recording_the_step(web: WebBench) -> None:
    siti = web.as_user("siti")
    case_id = open_case(siti)
    typed = {"document.title": "Nota dinas setengah jadi", "information": "Baru separuh <b>"}
    response = save_draft(siti, case_id, "identify", typed)
    assert response.status_code == 303
    page = PageForms(siti.get(f"/cases/{case_id}").text)
    assert page.value("/act/identify", "document.title") == "Nota dinas setengah jadi"
    assert page.value("/act/identify", "information") == "Baru separuh <b>"
    assert web.service.get_case(case_id).state is CaseState.DRAFT


def test_a_draft_is_the_drafters_own(web: WebBench) -> None:
    siti = web.as_user("siti")
    case_id = open_case(siti)
    save_draft(siti, case_id, "identify", {"information": "Draf milik siti"})
    budi = web.as_user("budi")
    assert "Draf milik siti" not in budi.get(f"/cases/{case_id}").text


def test_recording_the_step_clears_its_draft(web: WebBench) -> None:
    siti = web.as_user("siti")
    case_id = open_case(siti)
    save_draft(siti, case_id, "identify", {"information": "Draf lama"})
    assert act(siti, case_id, "identify", IDENTIFY).status_code == 303
    assert DraftStore(web.service.log).load("siti", case_id, "identify") is None


# -- review ------------------------------------------------------------------------------------


def test_the_review_queue_lists_cases_in_review_for_the_ppid(web: WebBench) -> None:
    case_id = web.import_sample(SAMPLE, by="siti")
    siti = web.as_user("siti")
    waiting = open_case(siti)
    page = web.as_user("budi").get("/review").text
    assert f"/cases/{case_id}" in page
    assert f"/cases/{waiting}" not in page


def test_the_review_queue_is_refused_to_other_roles(web: WebBench) -> None:
    for user in ("siti", "hendra", "dewi", "root"):
        assert web.as_user(user).get("/review").status_code == 403, user


def test_the_ppid_returns_to_a_named_step_and_the_officer_sees_the_comments_and_redoes(
    web: WebBench,
) -> None:
    case_id = web.import_sample(SAMPLE, by="siti")
    budi = web.as_user("budi")
    comments = "Analisis 17h2 belum menyebut mengapa Pasal 18(2) tidak berlaku."
    response = act(
        budi, case_id, "return_for_revision", {"to_step": "cite_grounds", "comments": comments}
    )
    assert response.status_code == 303
    assert web.service.get_case(case_id).state is CaseState.IDENTIFIED

    siti = web.as_user("siti")
    page = siti.get(f"/cases/{case_id}").text
    assert comments in page
    forms = PageForms(page)
    assert forms.step_actions()[0] == "cite_grounds"
    assert "rahasia pribadi" in forms.value("/act/cite_grounds", "citations[0].analysis")
    for trigger, data in STEPS[1:]:
        assert act(siti, case_id, trigger, data).status_code == 303, trigger
    assert web.service.get_case(case_id).state is CaseState.IN_REVIEW


def test_the_ppid_approves_a_case_drafted_by_another(web: WebBench) -> None:
    case_id = web.import_sample(SAMPLE, by="siti")
    budi = web.as_user("budi")
    response = act(budi, case_id, "approve", {"comments": "Lengkap."})
    assert response.status_code == 303
    case = web.service.get_case(case_id)
    assert case.state is CaseState.APPROVED and case.approved_by == "budi"


def test_four_eyes_refuses_the_ppid_approving_a_case_he_drafted(web: WebBench) -> None:
    case_id = web.import_sample(SAMPLE, by="budi")
    budi = web.as_user("budi")
    response = act(budi, case_id, "approve", {"comments": "Saya setujui."})
    assert response.status_code == 422
    assert "four-eyes" in response.text
    assert web.service.get_case(case_id).state is CaseState.IN_REVIEW
    assert "Saya setujui." in PageForms(response.text).value("/act/approve", "comments")


# -- the story and the differences ---------------------------------------------------------------


def _returned_and_redone(web: WebBench) -> str:
    case_id = web.import_sample(SAMPLE, by="siti")
    act(
        web.as_user("budi"),
        case_id,
        "return_for_revision",
        {"to_step": "cite_grounds", "comments": "Perjelas persetujuan."},
    )
    siti = web.as_user("siti")
    changed = {
        **CITE,
        "citations[0].analysis": CITE["citations[0].analysis"].replace(
            "tidak memberikan persetujuan tertulis", "menolak memberikan persetujuan tertulis"
        ),
    }
    for trigger, data in [("cite_grounds", changed), *STEPS[2:]]:
        assert act(siti, case_id, trigger, data).status_code == 303, trigger
    return case_id


def test_the_story_shows_who_did_what_and_the_reviewers_comments_in_wib(web: WebBench) -> None:
    case_id = _returned_and_redone(web)
    page = web.as_user("rina").get(f"/cases/{case_id}").text
    assert "Perjelas persetujuan." in page
    assert "budi (PPID Utama)" in page
    assert "25 November 2026" in page and "WIB" in page


def test_the_diff_page_shows_a_changed_text_after_a_return(web: WebBench) -> None:
    case_id = _returned_and_redone(web)
    rina = web.as_user("rina")
    assert f"/cases/{case_id}/diff?from=1&amp;to=1" in rina.get(f"/cases/{case_id}").text
    page = rina.get(f"/cases/{case_id}/diff?from=1&to=1").text
    assert "<del>tidak</del>" in page
    assert "<ins>menolak</ins>" in page
    assert "Perjelas persetujuan." in page


def test_the_diff_page_compares_a_retest_with_the_revision_it_retests(web: WebBench) -> None:
    case_id = web.import_sample(SAMPLE, by="siti")
    web.service.act("budi", case_id, "approve", {"comments": ""})
    web.service.act(
        "budi",
        case_id,
        "include_in_decree",
        {"decree_number": "188.4/001/PPID/XI/2026", "decree_date": "2026-11-20"},
    )
    siti = web.as_user("siti")
    retest = {
        "reason": "Pegawai telah memberikan persetujuan tertulis.",
        "trigger.kind": "proactive",
    }
    assert act(siti, case_id, "retest", retest).status_code == 303
    assert web.service.get_case(case_id).revision == 2
    redone = {**IDENTIFY, "document.title": "Berkas Kepegawaian (salinan 2026)"}
    assert act(siti, case_id, "identify", redone).status_code == 303
    page = siti.get(f"/cases/{case_id}/diff?from=1&to=2").text
    assert "document.title" in page
    assert "<ins>Berkas Kepegawaian (salinan 2026)</ins>" in page
    assert "belum dicatat" in page  # the later steps of revision 2 are not recorded yet


# -- lint and precedents -----------------------------------------------------------------------


def test_weak_reasoning_is_flagged_before_submitting(web: WebBench) -> None:
    siti = web.as_user("siti")
    case_id = open_case(siti)
    walk(siti, case_id, until="identify")
    short = {"citations[0].ground": "17h2", "citations[0].analysis": "Data kesehatan pegawai."}
    assert act(siti, case_id, "cite_grounds", short).status_code == 303
    page = siti.get(f"/cases/{case_id}").text
    assert "reasoning-too-short" in page


def test_precedents_are_suggested_for_the_cited_grounds(web: WebBench) -> None:
    decided = web.import_sample(SAMPLE, by="siti")
    web.service.act("budi", decided, "approve", {"comments": ""})
    siti = web.as_user("siti")
    case_id = open_case(siti)
    walk(siti, case_id, until="cite_grounds")
    page = siti.get(f"/cases/{case_id}").text
    assert f"/cases/{decided}?rev=1" in page


def test_precedents_of_another_unit_are_not_suggested(web: WebBench) -> None:
    decided = web.import_sample(SAMPLE, by="wulan")
    web.service.act("budi", decided, "approve", {"comments": ""})
    siti = web.as_user("siti")
    case_id = open_case(siti)
    walk(siti, case_id, until="cite_grounds")
    assert f"/cases/{decided}" not in siti.get(f"/cases/{case_id}").text


# -- lists -------------------------------------------------------------------------------------


def test_the_case_list_filters_by_state(web: WebBench) -> None:
    in_review = web.import_sample(SAMPLE, by="siti")
    siti = web.as_user("siti")
    draft = open_case(siti)
    page = siti.get("/cases?state=draft").text
    assert f"/cases/{draft}" in page
    assert f"/cases/{in_review}" not in page


def test_an_officer_lists_only_the_cases_of_their_unit(web: WebBench) -> None:
    theirs = web.import_sample(SAMPLE, by="wulan")
    mine = web.import_sample(SAMPLE, by="siti")
    page = web.as_user("siti").get("/cases").text
    assert f"/cases/{mine}" in page
    assert f"/cases/{theirs}" not in page


# -- another unit's case and escaping -----------------------------------------------------------


def test_another_units_case_is_not_found_on_every_case_route_and_nothing_is_stored(
    web: WebBench,
) -> None:
    case_id = web.import_sample(SAMPLE, by="siti")
    before = web.service.log.version(f"case:{case_id}/1")
    wulan = web.as_user("wulan")
    assert wulan.get(f"/cases/{case_id}").status_code == 404
    assert wulan.get(f"/cases/{case_id}?rev=1").status_code == 404
    assert wulan.get(f"/cases/{case_id}/diff?from=1&to=1").status_code == 404
    for trigger, data in [
        ("withdraw", {"reason": "Coba tarik."}),
        ("return_for_revision", {"to_step": "identify", "comments": "Coba."}),
        ("identify", IDENTIFY),
    ]:
        response = post_form(wulan, "/cases", f"/cases/{case_id}/act/{trigger}", data)
        assert response.status_code == 404, trigger
    draft = post_form(wulan, "/cases", f"/cases/{case_id}/draft/withdraw", {"reason": "x"})
    assert draft.status_code == 404
    assert web.service.log.version(f"case:{case_id}/1") == before
    assert DraftStore(web.service.log).load("wulan", case_id, "withdraw") is None


def test_a_script_typed_into_a_field_comes_back_escaped(web: WebBench) -> None:
    siti = web.as_user("siti")
    case_id = open_case(siti, {**OPEN, "summary": "<script>alert('ringkasan')</script>"})
    payload = {**IDENTIFY, "information": "<script>alert('x')</script> data pegawai"}
    assert act(siti, case_id, "identify", payload).status_code == 303
    page = siti.get(f"/cases/{case_id}").text
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page
    assert "<script>alert(" not in page


def test_an_unknown_step_is_not_found(web: WebBench) -> None:
    siti = web.as_user("siti")
    case_id = open_case(siti)
    response = post_form(siti, f"/cases/{case_id}", f"/cases/{case_id}/act/include_in_decree", {})
    assert response.status_code == 404


def test_roles_that_open_no_case_do_not_get_the_form(web: WebBench) -> None:
    assert web.as_user("siti").get("/cases/new").status_code == 200
    assert web.as_user("dewi").get("/cases/new").status_code == 403
    assert web.as_user("root").get("/cases/new").status_code == 403


def test_the_list_fields_take_one_item_per_line(web: WebBench) -> None:
    siti = web.as_user("siti")
    case_id = open_case(siti)
    walk(siti, case_id, until="conclude")
    case = web.service.get_case(case_id)
    assert case.weighing is not None and case.conclusion is not None
    assert case.weighing.interests == WEIGH["interests"].split("\n")
    assert case.conclusion.parts_withheld == CONCLUDE["parts_withheld"].split("\n")
