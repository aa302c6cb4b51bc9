"""Every word the workspace shows, by key: the English here, the Swedish (the default)
in the message catalogue (``locale/sv/LC_MESSAGES/rekrytera.po``).

The Swedish is plain (klarspråk): short sentences, the reader addressed as
"du", no words a resident would not use. A test checks that every key is used.
"""

from __future__ import annotations

from collections.abc import Mapping

from .._i18n import N_, Texts

__all__ = ["TEXTS", "words"]

TEXTS = Texts(
    {
        "app": N_("The recruitment panel"),
        "skip": N_("Skip to the content"),
        "language_other": N_("Svenska"),
        "sign_out": N_("Sign out"),
        "home": N_("Home"),
        "hello": N_("Hello!"),
        "you_are_in": N_("You are on the panel of this recruitment:"),
        "your_role": N_("Your role"),
        "prepare_link": N_("Prepare for the interviews"),
        "introduction_link": N_("Read about the six steps, the day, confidentiality and your fee"),
        "after_title": N_("After the decision"),
        "feedback_link": N_("Read what your ideas and assessments led to"),
        "prepared_yes": N_("You have marked that you have read it."),
        "prepared_no": N_("You have not yet marked that you have read it."),
        "candidates": N_("The applicants"),
        "candidates_intro": N_(
            "Here you see which ratings you still have to give. Nobody sees "
            "your scores before you submit them."
        ),
        "candidate": N_("Applicant"),
        "stage": N_("Stage"),
        "status": N_("Status"),
        "state_none": N_("Not started"),
        "state_draft": N_("Draft saved"),
        "state_submitted": N_("Submitted"),
        "rate": N_("Rate"),
        "open": N_("Open"),
        "conflict": N_("You have declared a conflict of interest. You do not rate this person."),
        "conflict_all": N_(
            "You have declared a conflict of interest with one of the applicants. "
            "So you take no part in rating in this recruitment. Thank you for telling us."
        ),
        "ranking_link": N_("Your own ranking"),
        "chair_link": N_("The page for the hiring manager and HR"),
        "supporter_intro": N_(
            "As a method supporter you do not rate the applicants. You support "
            "the residents on the panel. Here is their preparation:"
        ),
        "no_residents": N_("You support no resident in this recruitment."),
        "rate_title": N_("Rate {candidate} – {stage}"),
        "calibrate_title": N_("Rate {candidate} again after the discussion – {stage}"),
        "rate_intro": N_(
            "Choose the level that fits best for each competence. The descriptions "
            "show what the levels mean. What you write is saved as you go. Nobody else sees it "
            "until you submit."
        ),
        "calibrate_intro": N_(
            "The panel has talked about the applicants. Now you may change your "
            "scores if you want to. Your first rating is kept."
        ),
        "level": N_("Level {level}"),
        "cannot_rate": N_("Cannot rate"),
        "questions": N_("Questions"),
        "you_ask": N_("You ask this question."),
        "follow_ups": N_("Follow-up questions"),
        "note": N_("Note"),
        "note_help": N_(
            "Write what the person said or did. Do not write personal identity "
            "numbers, phone numbers or email addresses."
        ),
        "note_warning": N_("Your note seems to contain {kinds}. Please remove it if you can."),
        "kind_personal_id": N_("a personal identity number"),
        "kind_phone": N_("a phone number"),
        "kind_email": N_("an email address"),
        "kind_identifier": N_("an identification number"),
        "save": N_("Save draft"),
        "submit": N_("Submit the rating"),
        "confirm": N_("I know that I cannot change the rating once I have submitted it."),
        "confirm_missing": N_("Tick the box to submit."),
        "no_scores": N_("Choose at least one level before you submit."),
        "saved": N_("The draft is saved."),
        "autosaved": N_("Saved"),
        "submitted": N_("The rating is submitted and locked."),
        "sealed": N_("This rating is submitted. It cannot be changed."),
        "stale": N_(
            "You changed this rating in another tab or window. Reload the page to see "
            "the latest version."
        ),
        "errors_title": N_("Something needs correcting"),
        "your_scores": N_("Your scores"),
        "your_note": N_("Your note"),
        "no_note": N_("No note."),
        "others_title": N_("What the others on the panel thought"),
        "others_sealed": N_(
            "The others' ratings are shown once you have submitted your own and "
            "the hiring manager has opened the panel's discussion."
        ),
        "others_none": N_("Nobody else has rated this yet."),
        "panelist": N_("Panelist"),
        "calibrate_link": N_("Give a new rating after the discussion"),
        "calibrated_done": N_("You have submitted a new rating after the discussion."),
        "not_scored": N_("–"),
        "back_home": N_("Back to home"),
        "ranking_title": N_("Your own ranking"),
        "ranking_intro": N_(
            "Put the applicants in the order you think is right. Number 1 is the "
            "one you think fits best. The memo shows your ranking beside the computed one."
        ),
        "place": N_("Place of {candidate}"),
        "place_none": N_("No place"),
        "comment": N_("Comment (if you like)"),
        "save_ranking": N_("Save the ranking"),
        "ranking_saved": N_("Your ranking is saved."),
        "ranking_twice": N_("Two applicants have the same place. Give each place only once."),
        "ranking_empty": N_("Give at least one applicant a place."),
        "prepare_title": N_("Prepare"),
        "prepare_intro": N_(
            "Here is what you need to know before the interviews. Take your time. "
            "You can print the page."
        ),
        "print_hint": N_("Print the page with your browser's print button."),
        "post": N_("The post"),
        "profile_title": N_("What we want to find out"),
        "profile_intro": N_("The panel rates the applicants on these points:"),
        "day_title": N_("What the day looks like"),
        "day_when": N_("Interviews: {dates}."),
        "day_unknown": N_("The hiring manager will tell you when the interviews are."),
        "day_count": N_("You will meet {count} applicants."),
        "supporter_is": N_(
            "Your method supporter is {name}. They help you before, during and "
            "after the interviews."
        ),
        "supporter_none": N_("Ask the hiring manager who supports you."),
        "your_questions": N_("The questions you ask"),
        "your_questions_none": N_(
            "The panel decides together who asks which questions. Here are all the questions:"
        ),
        "rules_title": N_("Rules"),
        "rule_secrecy": N_(
            "What you learn about the applicants you tell nobody outside the "
            "panel. This holds after the recruitment too."
        ),
        "rule_conflict": N_(
            "If you know any of the applicants, tell the hiring manager before "
            "the interviews. This is called a conflict of interest. The manager then decides "
            "whether you can take part."
        ),
        "rule_own": N_(
            "You do not need to tell anything about your own life. What you have "
            "been through is yours."
        ),
        "fee_title": N_("Fee"),
        "fee_amount": N_("You receive a fee of {fee} kronor for your assignment."),
        "fee_expenses": N_("You also receive {expenses} kronor for your costs."),
        "fee_none": N_("The hiring manager will tell you whether you receive a fee."),
        "fee_tax": N_("The fee is income, and tax is paid on it."),
        "fee_income_support": N_(
            "You receive income support. The fee may then change how much "
            "support you get. Talk to your case worker first. The social services' own "
            "assessment decides."
        ),
        "have_read": N_("I have read this"),
        "have_read_done": N_("Thank you! We have noted that you have read it."),
        "chair_title": N_("Hiring manager and HR"),
        "progress_title": N_("Who has submitted?"),
        "progress_intro": N_(
            "Here you only see who has submitted. You see the scores in the "
            "memo once the panel's discussion is open."
        ),
        "calibration_title": N_("The panel's discussion (calibration)"),
        "calibration_closed": N_(
            "When everyone has submitted, open the discussion. Those who "
            "have submitted then see each other's ratings and may give a new one."
        ),
        "calibration_open_button": N_("Open the panel's discussion"),
        "own_open": N_(
            "You have {count} ratings of your own left to submit. Submit them first: "
            "once the discussion is open you see the others' scores."
        ),
        "calibration_is_open": N_("The panel's discussion is open."),
        "calibration_opened": N_("The panel's discussion is now open."),
        "memo_title": N_("Decision memo"),
        "memo_link": N_("Read the decision memo"),
        "memo_closed": N_("The decision memo is shown once the panel's discussion is open."),
        "decision_title": N_("Decision"),
        "decision_intro": N_(
            "The hiring manager decides. The residents and the rest of the panel advise."
        ),
        "hired": N_("To be hired"),
        "motivation": N_("Motivation"),
        "record_decision": N_("Save the decision"),
        "decision_saved": N_("The decision is saved."),
        "decision_none": N_("No decision is saved."),
        "decision_is": N_("Decision {date}: {hired}."),
        "links_title": N_("Personal links"),
        "links_intro": N_(
            "Everyone on the panel has a link of their own. You can close a link "
            "if it went to the wrong person."
        ),
        "link_active": N_("Works"),
        "link_revoked": N_("Closed"),
        "revoke": N_("Close the link of {panelist}"),
        "revoked": N_("The link is closed."),
        "new_links": N_("Make new links for everyone"),
        "new_links_title": N_("New links"),
        "new_links_intro": N_(
            "Give each person their own link. The links are shown only now. "
            "The old links no longer work."
        ),
        "url": N_("Link"),
        "created": N_("Created"),
        "audit_link": N_("Log of what has happened"),
        "audit_title": N_("Log"),
        "audit_intro": N_("Who did what and when. The log never shows scores or notes."),
        "when": N_("When"),
        "who": N_("Who"),
        "what": N_("What"),
        "about": N_("Concerns"),
        "system": N_("the command line"),
        "yes": N_("Yes"),
        "no": N_("No"),
        "refused_title": N_("The link does not work"),
        "refused_text": N_(
            "The link is wrong, closed or too old. Ask the hiring manager for a new link."
        ),
        "limited_title": N_("Please wait a while"),
        "limited_text": N_(
            "Too many wrong links have come from your computer. Try again in a quarter of an hour."
        ),
        "policy_title": N_("The recruitment breaks one of the municipality's rules"),
        "policy_text": N_(
            "HR must correct the recruitment before the panel can go on. Nothing you have "
            "done is lost."
        ),
        "forbidden_title": N_("You may not see this"),
        "forbidden_text": N_("This page is not for your role on the panel."),
        "csrf_title": N_("The page was too old"),
        "csrf_text": N_("Go back, reload the page and try again."),
        "not_found_title": N_("The page does not exist"),
        "not_found_text": N_("Check the address or go to the home page."),
        "signed_out_title": N_("You are signed out"),
        "signed_out_text": N_("Use your personal link when you want to come back."),
        "role_hiring_manager": N_("hiring manager"),
        "role_hr": N_("HR"),
        "role_colleague": N_("colleague"),
        "role_union": N_("union representative"),
        "role_resident": N_("resident with lived experience"),
        "role_supporter": N_("method supporter"),
        "stage_screening": N_("screening"),
        "stage_interview": N_("interview"),
        "stage_work_sample": N_("work sample"),
        "action_link_created": N_("link created"),
        "action_link_revoked": N_("link closed"),
        "action_signed_in": N_("signed in"),
        "action_rating_submitted_independent": N_("submitted a rating"),
        "action_rating_submitted_calibrated": N_("submitted a new rating after the discussion"),
        "action_calibration_opened": N_("opened the panel's discussion"),
        "action_ranking_saved": N_("saved their own ranking"),
        "action_prepared": N_("marked the preparation as read"),
        "action_decision_recorded": N_("saved the decision"),
    }
)


def words(lang: str) -> Mapping[str, str]:
    """The texts of *lang* (``sv`` or ``en``)."""
    return TEXTS[lang]
