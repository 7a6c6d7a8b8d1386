"""The widgets of the Đánh giá area (assessment rounds), assembled by
:class:`app.ui.pages.assessment_page.AssessmentPage`: the year's overview and round bar, registration,
the score form, the village grid, the decision register and the criteria sets."""
