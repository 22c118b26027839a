"""Wagtail's and django-taggit's strings that their Swedish catalogues leave untranslated.

Nothing imports this module: it exists so that ``make messages`` keeps these strings in the
project's catalogue (intranet/locale/sv), whose translations take precedence over the apps'
(LOCALE_PATHS). Regenerate the list when Wagtail is upgraded; tests/test_admin_swedish.py
walks the admin and fails on English it meets.
"""

# ruff: noqa: E501 (the strings are Wagtail's msgids, verbatim)

from django.utils.translation import gettext_noop, ngettext_lazy, pgettext_lazy

STRINGS = (
    # Translated by Wagtail's catalogue as "Initial Revision".
    gettext_noop("Initial Revision"),
    gettext_noop("%(classname)s object (%(id)s)"),
    gettext_noop("%(field_label)s:"),
    gettext_noop("%(model)s permissions"),
    gettext_noop("%(model_name)s '%(object)s' created and published."),
    gettext_noop("%(model_name)s '%(object)s' created and scheduled for publishing."),
    gettext_noop("%(model_name)s '%(object)s' created and submitted for moderation."),
    gettext_noop("%(model_name)s '%(object)s' has been replaced with version from %(timestamp)s."),
    gettext_noop("%(model_name)s '%(object)s' has been scheduled for publishing."),
    gettext_noop("%(model_name)s '%(object)s' has been submitted for moderation."),
    gettext_noop(
        "%(model_name)s '%(object)s' is live and this version has been scheduled for publishing."
    ),
    gettext_noop("%(model_name)s '%(object)s' updated and published."),
    gettext_noop("%(model_name)s scheduled for publishing"),
    gettext_noop("%(model_name)s scheduled for publishing at %(go_live_at)s"),
    gettext_noop("%(model_name)s unscheduled for publishing at %(go_live_at)s"),
    gettext_noop("%(model_name)s unscheduled from publishing"),
    ngettext_lazy("%(num_child_objects)d child page", "%(num_child_objects)d child pages", 1),
    ngettext_lazy("%(num_pages)d page", "%(num_pages)d pages", 1),
    gettext_noop("%(num_pages)d pages and %(num_others)d others"),
    ngettext_lazy("%(num_parent_objects)d page", "%(num_parent_objects)d pages", 1),
    ngettext_lazy(
        "%(num_parent_objects)d page has been deleted",
        "%(num_parent_objects)d pages have been deleted",
        1,
    ),
    ngettext_lazy(
        "%(num_parent_objects)d page has been published",
        "%(num_parent_objects)d pages have been published",
        1,
    ),
    ngettext_lazy(
        "%(num_parent_objects)d page has been unpublished",
        "%(num_parent_objects)d pages have been unpublished",
        1,
    ),
    gettext_noop("%(object)s tagged with %(tag)s"),
    gettext_noop("%(parent_pages)s and %(child_pages)s have been deleted"),
    gettext_noop("%(parent_pages)s and %(child_pages)s have been published"),
    gettext_noop("%(parent_pages)s and %(child_pages)s have been unpublished"),
    gettext_noop("%(related_model_name)s %(field_label)s"),
    gettext_noop("%(start_index)s-%(end_index)s of %(items_count)s %(model_name)s"),
    gettext_noop(
        "%(start_index)s-%(end_index)s of %(items_count)s %(model_name)s across entire site."
    ),
    gettext_noop(
        "%(start_index)s-%(end_index)s of %(items_count)s %(model_name)s in '<span class=\"w-title-ellipsis\">%(title)s</span>'."
    ),
    gettext_noop("%(user_name)s has unsaved changes"),
    gettext_noop("%(user_name)s saved a new version"),
    gettext_noop("'%(page_title)s' has been moved successfully."),
    gettext_noop("- Select an option -"),
    ngettext_lazy("1 snippet type", "%(counter)s snippet types", 1),
    gettext_noop(
        '<p>Promoted search results are a means of recommending specific pages or external links that might not organically come high up in search results. E.g recommending your primary donation page to a user searching with the less common term "<em>giving</em>".</p>'
    ),
    gettext_noop("A comma-separated list of tags."),
    gettext_noop(
        "A heading that identifies the overall topic of the table, and is useful for screen reader users."
    ),
    gettext_noop("A human-readable label to identify this token."),
    gettext_noop("A network error occurred"),
    gettext_noop("API token"),
    gettext_noop("API token '%(name)s' revoked."),
    gettext_noop("API token created"),
    gettext_noop("API token revoked"),
    gettext_noop("API tokens"),
    gettext_noop("Actions (footer)"),
    gettext_noop("Add a concise description for search engines"),
    gettext_noop("Add a recommended result"),
    gettext_noop("All list items must be of string type."),
    gettext_noop("Alternatively, use an external link for this promotion"),
    gettext_noop("Alternatively, you can view the latest version in a new tab."),
    gettext_noop("Any"),
    gettext_noop("Anyone"),
    gettext_noop("Anyone with editing permissions can create schedules"),
    gettext_noop("App"),
    gettext_noop("Applies to internal page or external link"),
    gettext_noop("Are you sure you want to revoke this API token?"),
    gettext_noop("Autosave is <span>paused</span>"),
    gettext_noop("Autosave is paused"),
    gettext_noop("Avoid skipping levels"),
    gettext_noop("Back to API tokens"),
    gettext_noop("But only those with publishing permissions can make them effective."),
    gettext_noop("Button text is empty"),
    gettext_noop("Can submit translations"),
    gettext_noop("Cancelled by %(cancelled_by)s"),
    gettext_noop("Cannot overwrite a revision that is not the latest for this %(model_name)s."),
    gettext_noop("Cannot overwrite a revision that was not created by the current user."),
    gettext_noop("Caption"),
    gettext_noop("Changes requested %(finished_at)s"),
    gettext_noop("Changing the privacy for this page has been disabled."),
    gettext_noop("Choose an internal page for this promotion"),
    gettext_noop("Choose when this %(model_name)s should go live and/or expire"),
    gettext_noop("Compare"),
    gettext_noop("Copy token"),
    gettext_noop("Copying failed — please select and copy the token manually."),
    gettext_noop("Create API token"),
    gettext_noop("Create a new %(model_name)s"),
    gettext_noop("Currently idle"),
    gettext_noop("Currently viewing"),
    gettext_noop("Date updated"),
    ngettext_lazy(
        "Deleting this page will also delete %(translation_count)s translation of this page.",
        "This will also delete %(descendant_count)s more child pages. Deleting this page will also delete %(translation_count)s translations of this page.",
        1,
    ),
    ngettext_lazy(
        "Deleting this page will also delete %(translation_count)s translations and their combined %(translation_descendant_count)s translated child page.",
        "Deleting this page will also delete %(translation_count)s translations and their combined %(translation_descendant_count)s translated child pages.",
        1,
    ),
    ngettext_lazy(
        "Deleting this page will also delete 1 translation and its combined %(translation_descendant_count)s translated child page.",
        "Deleting this page will also delete 1 translation and its combined %(translation_descendant_count)s translated child pages.",
        1,
    ),
    gettext_noop("Disable custom ordering"),
    gettext_noop("Display the first column as a header"),
    gettext_noop("Display the first row AND first column as headers"),
    gettext_noop("Display the first row as a header"),
    gettext_noop("Edit account avatar"),
    gettext_noop("Empty frame title found"),
    gettext_noop("Empty heading found"),
    gettext_noop("Enable custom ordering"),
    gettext_noop('Expected a list of items but got type "{input_type}".'),
    gettext_noop("Expiry:"),
    gettext_noop("Exploring"),
    gettext_noop(
        "Field name '%(duplicate_clean_name)s' conflicts with another field. Please change the label."
    ),
    gettext_noop(
        "Focus on the drag button and press up or down arrows to move the item, then press enter to submit the change."
    ),
    gettext_noop("Go-live:"),
    gettext_noop("Image alt text has inappropriate pattern"),
    gettext_noop("Incorrect heading hierarchy"),
    gettext_noop("Input button text is empty"),
    gettext_noop("Invalid json list. A tag list submitted in string form must be valid json."),
    gettext_noop("Invalid schedule"),
    ngettext_lazy(
        "It will also delete %(translation_count)s translations and their combined %(translation_descendant_count)s translated child page.",
        "It will also delete %(translation_count)s translations and their combined %(translation_descendant_count)s translated child pages.",
        1,
    ),
    ngettext_lazy(
        "It will also delete 1 translation and its combined %(translation_descendant_count)s translated child page.",
        "It will also delete 1 translation and its combined %(translation_descendant_count)s translated child pages.",
        1,
    ),
    gettext_noop(
        "Keyboard shortcuts are currently disabled; manage your %(account_link)s to enable them."
    ),
    gettext_noop("Last used"),
    gettext_noop("Link text is empty"),
    gettext_noop("Locked by"),
    gettext_noop("Maximum filesize: %(max_upload_size)s."),
    gettext_noop("Meta description is empty"),
    gettext_noop("Minimap"),
    gettext_noop("Misusing paragraphs as headings"),
    gettext_noop("Never"),
    gettext_noop("No headers"),
    gettext_noop("No promoted results have been created."),
    gettext_noop("No, don't revoke"),
    gettext_noop("Once scheduled:"),
    gettext_noop("One or more references to this %(model_name)s prevent it from being deleted."),
    ngettext_lazy(
        "One other user is currently viewing", "%(num_user)s other users are currently viewing", 1
    ),
    gettext_noop("Page/Snippet Type"),
    gettext_noop("Placeholder title"),
    gettext_noop("Please only select a page OR enter an external link."),
    gettext_noop("Please provide a comma-separated list of tags."),
    gettext_noop("Preview for %(block_label)s (%(block_type)s)"),
    gettext_noop("Privacy is inherited from the ancestor page - %(ancestor_page)s"),
    gettext_noop("Proceeding will overwrite the changes made by %(user_name)s."),
    gettext_noop("Proceeding will overwrite the changes you made in that window."),
    gettext_noop("Recommendations have not been created due to errors."),
    gettext_noop("Recommendations have not been saved due to errors."),
    gettext_noop("Recommended search result"),
    gettext_noop("Refresh"),
    gettext_noop("Refreshing…"),
    gettext_noop("Removed the '%(restriction)s' view restriction. The page is public."),
    gettext_noop("Request to create %(model_name)s was blocked by hook."),
    gettext_noop("Request to edit %(model_name)s was blocked by hook."),
    gettext_noop("Revoke"),
    gettext_noop("Revoke API token"),
    gettext_noop("Revoked"),
    gettext_noop("Saved"),
    gettext_noop("Saving will overwrite a newer version."),
    gettext_noop("Search terms"),
    gettext_noop("Select a header option"),
    gettext_noop("Show issue"),
    gettext_noop("Side panel width"),
    gettext_noop("Side panels"),
    gettext_noop("Sort item order"),
    gettext_noop("System"),
    gettext_noop("Table header text is empty"),
    gettext_noop("Table headers"),
    gettext_noop("Taggit"),
    gettext_noop("Tags"),
    gettext_noop('The %(model_name)s "%(title)s" has been approved in workflow "%(workflow)s".'),
    gettext_noop(
        'The %(model_name)s "%(title)s" has been rejected during "%(task)s" in workflow "%(workflow)s" by %(rejector)s.'
    ),
    gettext_noop(
        'The %(model_name)s "%(title)s" has been rejected during "%(task)s" in workflow "%(workflow)s".'
    ),
    gettext_noop('The %(model_name)s "%(title)s" has been rejected during "%(task)s".'),
    gettext_noop('The %(model_name)s "%(title)s" has been rejected during "%(workflow)s".'),
    gettext_noop(
        'The %(model_name)s "%(title)s" has been submitted for approval in moderation stage "%(task)s"'
    ),
    gettext_noop(
        'The %(model_name)s "%(title)s" has been submitted for approval in moderation stage "%(task)s".'
    ),
    gettext_noop(
        'The %(model_name)s "%(title)s" has been submitted for approval to moderation stage "%(task)s".'
    ),
    gettext_noop(
        'The %(model_name)s "%(title)s" has been submitted for moderation to workflow "%(workflow)s" by %(requester)s.'
    ),
    gettext_noop(
        'The %(model_name)s "%(title)s" has been submitted for moderation to workflow "%(workflow)s".'
    ),
    gettext_noop('The %(model_name)s "%(title)s" has been submitted to workflow "%(workflow)s"'),
    gettext_noop(
        "The %(model_name)s '%(title)s' is not currently awaiting moderation in task '%(task_name)s'."
    ),
    gettext_noop("The %(model_name)s '%(title)s' is not currently awaiting moderation."),
    gettext_noop("The %(model_name)s could not be saved as it is locked"),
    gettext_noop("The filter options you have selected are not valid."),
    gettext_noop(
        "The name '%(duplicate_clean_name)s' is already assigned to this field and cannot be changed. Please enter a different label for the conflicting field."
    ),
    gettext_noop("The page could not be saved as it is locked."),
    gettext_noop(
        "The slug '%(page_slug)s' is already in use at the selected parent page. Make sure the slug is unique and try again."
    ),
    gettext_noop(
        'The token "%(name)s" has been created, copy it now, it will never be shown again.'
    ),
    gettext_noop("There are no %(model_name)s to display."),
    gettext_noop(
        'There are no %(model_name)s to display. Why not <a href="%(add_url)s">add one</a>?'
    ),
    gettext_noop("There are validation errors, click save to highlight them."),
    gettext_noop(
        "There may only be one in progress or needs changes workflow state per page/snippet."
    ),
    ngettext_lazy(
        "This action will delete <b>%(total_pages_formatted)s</b> page in total.",
        "This action will delete <b>%(total_pages_formatted)s</b> pages in total.",
        1,
    ),
    ngettext_lazy(
        "This page has one child page and its translations have a combined %(translation_descendant_count)s translated child pages. Unpublish these too",
        "This page has %(live_descendant_count)s child pages and its translations have a combined %(translation_descendant_count)s translated child pages. Unpublish these too",
        1,
    ),
    ngettext_lazy(
        "This page has one subpage and its translations have a combined one translated child page. Unpublish these too",
        "This page has %(live_descendant_count)s child pages and its translations have a combined one translated child page. Unpublish these too",
        1,
    ),
    ngettext_lazy(
        "This task is in progress on %(states_in_progress)d page/snippet. Disabling this task will cause it to be skipped in the moderation workflow and not be listed for selection when editing a workflow.",
        "This task is in progress on %(states_in_progress)d pages/snippets. Disabling this task will cause it to be skipped in the moderation workflow and not be listed for selection when editing a workflow.",
        1,
    ),
    ngettext_lazy(
        "This will also move one translation of this page and its child pages",
        "This will also move %(translations_to_move_count)s translations of this page and their child pages",
        1,
    ),
    ngettext_lazy(
        "This will also unpublish one translation of the page.",
        "This will also unpublish all %(translation_count)s translations of the page.",
        1,
    ),
    gettext_noop("This workflow is disabled so it cannot be assigned to any snippets."),
    ngettext_lazy(
        "This workflow is in progress on %(states_in_progress)d page/snippet. Disabling this workflow will cancel moderation on this page/snippet.",
        "This workflow is in progress on %(states_in_progress)d pages/snippets. Disabling this workflow will cancel moderation on these pages/snippets.",
        1,
    ),
    gettext_noop("To be created by %(user)s"),
    gettext_noop("Token"),
    gettext_noop(
        "Troubleshoot your connection to the site before proceeding. Open the editor in a separate tab to view the last saved version."
    ),
    gettext_noop("Use a meaningful title for screen reader users"),
    gettext_noop("Use meaningful text"),
    gettext_noop("Use meaningful text for screen reader users"),
    gettext_noop("Use proper heading tags"),
    gettext_noop("View latest version"),
    gettext_noop("Views"),
    gettext_noop("Wagtail API v3"),
    gettext_noop("Which cells should be displayed as headers?"),
    gettext_noop(
        'Why not <a class="create-one-now" href="#tab-new" data-action="w-tabs#select:prevent" data-w-tabs-target="trigger" data-w-tabs-focus-param="true">create one now</a>?'
    ),
    gettext_noop("Workflow on %(model_name)s '%(object)s' has been cancelled."),
    gettext_noop("Yes, revoke"),
    gettext_noop(
        "You are viewing a previous version of this %(model_name)s from <b>%(created_at)s</b> by %(user)s"
    ),
    gettext_noop('You do not have permission to publish pages at "%(page_title)s"'),
    gettext_noop("You must enter an external link text if you enter an external link URL."),
    gettext_noop("You must recommend a page OR an external link."),
    gettext_noop("You saved a new version in another window"),
    gettext_noop("account"),
    gettext_noop("any"),
    gettext_noop("content type"),
    gettext_noop("created"),
    gettext_noop("group site permission"),
    gettext_noop("group site permissions"),
    gettext_noop("last used at"),
    gettext_noop("may prevent deletion"),
    pgettext_lazy("A tag name", "name"),
    gettext_noop("object ID"),
    gettext_noop("queries"),
    gettext_noop("query"),
    gettext_noop("revoked at"),
    pgettext_lazy("A tag slug", "slug"),
    gettext_noop("tag"),
    gettext_noop("tagged item"),
    gettext_noop("tagged items"),
    gettext_noop("tags"),
    gettext_noop("unknown number"),
    gettext_noop("will be set to a %(model_name)s specified by the system"),
    gettext_noop("will be set to the default %(model_name)s"),
    gettext_noop("will do nothing"),
    gettext_noop("will unset the reference"),
)
