"""Every text a user sees, in Vietnamese and English. Nothing user-facing lives elsewhere.

Templates use str.format fields. Values are escaped when filled in, unless they are Html
already, so plan text and names typed by users can never break the markup.
"""

from __future__ import annotations

from base.markup import Html, esc

LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"

VI: dict[str, str] = {
    # -- general
    "help": (
        "<b>AgencyBot</b> nhắc việc và theo dõi các nhiệm vụ của kế hoạch.\n\n"
        "Anh/chị có thể gõ câu hỏi (có dấu hay không dấu đều được), ví dụ:\n"
        "• <i>nhiệm vụ của tôi đến hạn năm nay</i>\n"
        "• <i>nhiệm vụ quá hạn</i> · <i>sắp đến hạn 30 ngày</i>\n"
        "• <i>III.9</i> hoặc <i>nhiệm vụ 9 mục III</i>\n"
        "• <i>nhiệm vụ của Sở Y tế</i> · <i>tìm bệnh án điện tử</i>\n"
        "• <i>xong III.9 đã gửi báo cáo</i> · <i>danh sách cơ quan</i> · <i>tắt nhắc 2 tuần</i>"
    ),
    "help.commands": "Lệnh:",
    "help.staff": "\nDành cho điều phối viên (gửi tệp .docx/.xlsx/.xls để nhập hoặc cập nhật kế hoạch):",
    "help.topic": "<b>Cách làm:</b> /{command} — {what}",
    "help.topic.more": "Gõ /help để xem tất cả các lệnh.",
    "help.say.status": (
        "Hoặc gõ bằng lời: <i>III.9 đã xong, đã gửi báo cáo</i> · <i>III.9 đang làm</i> · "
        "<i>III.9 vướng do chưa có kinh phí</i>"
    ),
    "help.say.export": "Hoặc gõ bằng lời: <i>xuất excel</i> · <i>file csv các việc quá hạn</i> · <i>lịch ics</i>",
    "help.say.reminders": "Hoặc gõ bằng lời: <i>tắt nhắc 2 tuần</i> · <i>nhắc trước hạn 7 ngày</i>",
    "help.say.report": "Hoặc gõ bằng lời: <i>báo cáo năm 2026</i> · <i>soạn báo cáo năm cho sở mình</i>",
    "help.say.broadcast": (
        "Hoặc gõ bằng lời: <i>gửi thông báo cho các sở</i> · <i>thông báo tới các sở còn việc quá hạn</i>"
    ),
    "welcome": "Xin chào {name}! 👋",
    "unknown": (
        "Xin lỗi, tôi chưa hiểu “{text}”. Anh/chị thử hỏi như sau:\n"
        "• <i>nhiệm vụ của tôi đến hạn năm nay</i>\n• <i>III.9</i>\n• <i>nhiệm vụ của Sở Y tế</i>\n"
        "Gõ /help để xem tất cả."
    ),
    "error": "Xin lỗi, đã có lỗi khi xử lý yêu cầu. Anh/chị vui lòng thử lại sau ít phút.",
    "loading": (
        "Hệ thống đang nạp dữ liệu các kế hoạch (vừa khởi động hoặc vừa cập nhật kế hoạch). "
        "Anh/chị vui lòng hỏi lại sau ít phút."
    ),
    "expired_button": "Nút này đã cũ. Anh/chị vui lòng hỏi lại.",
    "language.set": "Đã chuyển sang tiếng Việt.",
    "language.usage": "Dùng: /lang vi hoặc /lang en",
    # -- lists
    "list.mine": "Nhiệm vụ của {scope}",
    "list.due": "Nhiệm vụ đến hạn năm {year} · {scope}",
    "list.overdue": "Nhiệm vụ quá hạn · {scope}",
    "list.overdue_in": "Nhiệm vụ quá hạn, hạn trong năm {year} · {scope}",
    "list.upcoming": "Sắp đến hạn trong {days} ngày tới · {scope}",
    "list.ongoing": "Nhiệm vụ thường xuyên · {scope}",
    "list.search": "Kết quả tìm “{words}”",
    "list.agency": "Nhiệm vụ của {scope}",
    "list.overdue_heading": "⚠️ Quá hạn, chưa hoàn thành",
    "list.due_heading": "📅 Đến hạn trong năm",
    "list.ongoing_note": "Ngoài ra có {count} nhiệm vụ thường xuyên (không có hạn): gõ /ongoing để xem.",
    "list.empty": "Không có nhiệm vụ nào.",
    "list.window": "Đến hạn từ {start} đến {end} · {scope}",
    "list.day": "Đến hạn ngày {end} · {scope}",
    "list.until": "Đến hạn từ nay đến hết {end} · {scope}",
    "asked.count": "{scope} có {count} nhiệm vụ{what}.",
    "asked.none": "{scope} không có nhiệm vụ nào{what}.",
    "asked.due": "đến hạn năm {year}",
    "asked.days": "đến hạn trong {days} ngày tới",
    "asked.window": "đến hạn từ {start} đến {end}",
    "asked.day": "đến hạn ngày {end}",
    "asked.until": "đến hạn từ nay đến hết {end}",
    "asked.overdue": "quá hạn",
    "asked.overdue_in": "quá hạn, hạn trong năm {year}",
    "asked.ongoing": "thường xuyên",
    "asked.coordinating": "phối hợp (cơ quan khác chủ trì)",
    "asked.kind.annual": "hằng năm",
    "asked.kind.time_bound": "có thời hạn",
    "asked.kind.ongoing": "thường xuyên",
    "asked.status.done": "đã hoàn thành",
    "asked.status.in_progress": "đang thực hiện",
    "asked.status.blocked": "đang vướng mắc",
    "asked.status.open": "chưa bắt đầu",
    "asked.status.unfinished": "chưa hoàn thành",
    "clarify.which": "Anh/chị muốn hỏi điều nào?",
    "clarify.summary": "📊 Tổng hợp",
    "clarify.list": "📋 Danh sách nhiệm vụ",
    "clarify.search": "🔎 Tìm “{words}”",
    "export.none": "Chưa có kế hoạch nào để xuất.",
    "export.caption": "Kế hoạch {plan}: các nhiệm vụ và tiến độ (Excel).",
    "list.count": "{count} nhiệm vụ · trang {page}/{pages}",
    "list.more": "Gõ mã nhiệm vụ (ví dụ {code}) để xem chi tiết.",
    "scope.all": "toàn bộ kế hoạch",
    "scope.unlinked_hint": ("Anh/chị chưa liên kết với cơ quan nào nên đây là toàn bộ kế hoạch. Gõ /link để liên kết."),
    "page.prev": "◀ Trước",
    "page.next": "Sau ▶",
    "search.usage": "Gõ /search và vài từ trong nội dung, ví dụ: /search bệnh án điện tử",
    "search.none": "Không tìm thấy nhiệm vụ nào có “{words}”.",
    # -- one task
    "task.title": "Nhiệm vụ {code}",
    "task.section": "Mục {numeral}. {title}",
    "task.leads": "Chủ trì",
    "task.coordinators": "Phối hợp",
    "task.timeframe": "Thời gian",
    "task.funding": "Kinh phí",
    "funding.state_budget": "Ngân sách",
    "funding.socialised": "Xã hội hóa",
    "funding.sponsorship": "Tài trợ",
    "funding.other_mobilised": "Huy động các nguồn khác",
    "terminal.banner": "AgencyBot — {name}. Gõ /help để xem hướng dẫn, Ctrl-D để thoát.",
    "terminal.saved": "📁 Đã lưu tệp: {path}",
    "task.status": "Tiến độ ({period})",
    "task.history": "Lịch sử",
    "task.history_line": "{when} · {agency}: {status}{note} ({who})",
    "task.none": "—",
    "task.not_found": "Không có nhiệm vụ {code}. Mã có dạng mục.số, ví dụ III.9.",
    "task.which": "Mã {code} có trong nhiều kế hoạch. Anh/chị muốn xem nhiệm vụ nào?",
    "task.usage": "Gõ mã nhiệm vụ, ví dụ: /task III.9",
    "period.all": "toàn bộ nhiệm vụ",
    "period.year": "năm {year}",
    # -- timeframes
    "tf.once": "Hạn {deadline}",
    "tf.range": "{raw}, hạn {deadline}",
    "tf.annual": "Hằng năm, hạn {due}",
    "tf.semiannual": "6 tháng/lần, kỳ này hạn {due}",
    "tf.quarterly": "Hằng quý, kỳ này hạn {due}",
    "tf.monthly": "Hằng tháng, kỳ này hạn {due}",
    "tf.ongoing": "Thường xuyên",
    "tf.conditional": "Theo điều kiện: {condition}",
    "tf.blank": "Chưa có thời gian",
    "tf.unparsed": "{raw} (chưa đọc được thời hạn)",
    # -- statuses
    "status.open": "⬜ Chưa làm",
    "status.in_progress": "🔄 Đang làm",
    "status.done": "✅ Hoàn thành",
    "status.blocked": "⛔ Vướng mắc",
    "status.button.done": "✅ Hoàn thành",
    "status.button.in_progress": "🔄 Đang làm",
    "status.button.blocked": "⛔ Vướng mắc",
    "status.saved": "Đã cập nhật {code} ({period}) cho {agency}: {status}.",
    "status.not_yours": "Chỉ cơ quan chủ trì hoặc phối hợp nhiệm vụ {code} mới cập nhật được tiến độ.",
    "status.unlinked": "Anh/chị cần liên kết với một cơ quan trước khi cập nhật tiến độ. Gõ /link.",
    "status.usage": "Dùng: /done III.9 [ghi chú] · /doing III.9 · /blocked III.9 lý do",
    # -- agencies
    "agency.usage": "Gõ /agency và tên cơ quan, ví dụ: /agency Sở Y tế (không dấu cũng được: so y te).",
    "agency.not_found": "Không tìm thấy cơ quan “{name}”.",
    "agency.suggest": "Có phải anh/chị muốn tìm: {names}?",
    "agency.which": "“{name}” có thể là nhiều cơ quan. Anh/chị chọn giúp:",
    # -- who is who
    "me.title": "Thông tin của anh/chị",
    "me.role": "Vai trò: {role} · mã người dùng: {channel} {user_id}",
    "me.agencies": "Cơ quan theo dõi: {agencies}",
    "me.chat_agencies": "Nhóm này theo dõi: {agencies}",
    "me.none": "chưa liên kết (gõ /link)",
    "role.member": "đầu mối",
    "role.coordinator": "điều phối viên",
    "role.admin": "quản trị",
    "link.usage": (
        "Để liên kết với cơ quan của mình, anh/chị mở đường dẫn mời mà điều phối viên gửi, "
        "hoặc gõ /link MÃ_MỜI, hoặc gõ /link tên cơ quan (ví dụ /link Sở Y tế) để gửi yêu cầu."
    ),
    "link.done": "Đã liên kết {holder} với {agency}. Từ nay nhắc việc của cơ quan sẽ gửi đến đây.",
    "link.holder.you": "anh/chị",
    "link.holder.group": "nhóm này",
    "link.already": "Đã liên kết {holder} với {agency} từ trước.",
    "link.code_unknown": "Mã mời không đúng. Anh/chị kiểm tra lại hoặc xin mã mới từ điều phối viên.",
    "link.code_expired": "Mã mời đã hết hạn. Anh/chị xin mã mới từ điều phối viên.",
    "link.code_used": "Mã mời này đã được dùng. Mỗi mã chỉ dùng được một lần.",
    "link.throttled": "Anh/chị đã nhập sai mã nhiều lần. Vui lòng thử lại sau {minutes} phút.",
    "link.requested": "Đã gửi yêu cầu liên kết với {agency}. Điều phối viên sẽ duyệt sớm.",
    "link.request_pending": "Yêu cầu liên kết với {agency} đang chờ duyệt.",
    "link.request_notice": "{name} ({who}) xin liên kết {holder} với {agency}.",
    "link.request.approve": "✅ Duyệt",
    "link.request.reject": "✖ Từ chối",
    "link.request_approved": "Yêu cầu liên kết với {agency} đã được duyệt.",
    "link.request_rejected": "Yêu cầu liên kết với {agency} không được chấp nhận. Anh/chị liên hệ điều phối viên.",
    "link.request_decided": "Đã {decision} yêu cầu của {name} ({agency}).",
    "link.request_gone": "Yêu cầu này đã được xử lý.",
    "link.decision.approved": "duyệt",
    "link.decision.rejected": "từ chối",
    "link.no_coordinators": "Hiện chưa có điều phối viên nào để duyệt. Anh/chị xin mã mời trực tiếp.",
    "unlink.done": "Đã hủy liên kết {holder} với {agency}.",
    "unlink.none": "Chưa có cơ quan nào liên kết với {holder}.",
    "unlink.which": "Anh/chị muốn hủy liên kết với cơ quan nào?",
    # -- staff
    "invite.usage": "Dùng: /invite tên cơ quan, ví dụ /invite Sở Y tế",
    "invite.done": (
        "Mã mời cho {agency}: {code}\nHết hạn: {expires}. Dùng một lần.\n"
        "Gửi cho đầu mối của cơ quan; họ gõ /link {code}"
    ),
    "invite.link": "hoặc mở: {link}",
    "whois.usage": "Dùng: /whois tên cơ quan",
    "whois.title": "Đầu mối và nhóm theo dõi {agency}",
    "whois.none": "Chưa có ai theo dõi {agency}.",
    "whois.group": "nhóm {title}",
    "promote.usage": "Dùng: /promote @tên_người_dùng (hoặc số id) [coordinator|admin|member]",
    "promote.not_found": "Không thấy người dùng “{who}”. Người đó cần nhắn cho bot trước.",
    "promote.done": "{name} giờ là {role}.",
    "denied": "Xin lỗi, chức năng này dành cho {role}.",
    # -- summary
    "summary.title": "Tổng hợp năm {year} · {scope}",
    "summary.line": (
        "Chủ trì {leads} nhiệm vụ · đến hạn năm nay {due}\n"
        "✅ {done} · 🔄 {in_progress} · ⛔ {blocked} · ⚠️ quá hạn {overdue} · thường xuyên {ongoing}"
    ),
    "summary.agencies": "Theo cơ quan (nhiều quá hạn trước):",
    "summary.agency_line": "{agency}: đến hạn {due} · ✅ {done} · ⚠️ {overdue}",
    "summary.quality": "Dữ liệu cần xem lại: {blank} nhiệm vụ chưa có thời gian, {unparsed} chưa đọc được thời gian.",
}

EN: dict[str, str] = {
    "help": (
        "<b>AgencyBot</b> reminds agencies of their plan tasks and follows them up.\n\n"
        "Ask in your own words, for example:\n"
        "• <i>my tasks due this year</i>\n"
        "• <i>overdue tasks</i> · <i>coming up in 30 days</i>\n"
        "• <i>III.9</i> or <i>task 9 in section III</i>\n"
        "• <i>tasks of Sở Y tế</i> · <i>search bệnh án điện tử</i> (the plan's own words, accents optional)\n"
        "• <i>III.9 done, report sent</i> · <i>which agencies are in the plan</i> · <i>mute reminders for 2 weeks</i>"
    ),
    "help.commands": "Commands:",
    "help.staff": "\nFor coordinators (send a .docx/.xlsx/.xls file to import or update a plan):",
    "help.topic": "<b>How:</b> /{command} — {what}",
    "help.topic.more": "Type /help for every command.",
    "help.say.status": (
        "Or say it in words: <i>III.9 done, report sent</i> · <i>III.9 in progress</i> · "
        "<i>III.9 blocked, no funding yet</i>"
    ),
    "help.say.export": "Or say it in words: <i>export to excel</i> · <i>csv of overdue tasks</i> · <i>ics calendar</i>",
    "help.say.reminders": "Or say it in words: <i>mute reminders for 2 weeks</i> · <i>remind me 7 days before</i>",
    "help.say.report": (
        "Or say it in words: <i>annual report 2026</i> · <i>draft the year's report for our department</i>"
    ),
    "help.say.broadcast": (
        "Or say it in words: <i>send a notice to all agencies</i> · <i>notify the agencies with overdue tasks</i>"
    ),
    "welcome": "Hello {name}! 👋",
    "unknown": (
        "Sorry, I did not understand “{text}”. Try for example:\n"
        "• <i>my tasks due this year</i>\n• <i>III.9</i>\n• <i>tasks of Sở Y tế</i>\n"
        "Type /help for everything."
    ),
    "error": "Sorry, something went wrong with that request. Please try again in a few minutes.",
    "loading": (
        "The bot is still reading the plans (it has just started, or a plan has changed). Please ask again in a minute."
    ),
    "expired_button": "This button is out of date. Please ask again.",
    "language.set": "Switched to English.",
    "language.usage": "Use: /lang en or /lang vi",
    "list.mine": "Tasks of {scope}",
    "list.due": "Tasks due in {year} · {scope}",
    "list.overdue": "Overdue tasks · {scope}",
    "list.overdue_in": "Overdue tasks due in {year} · {scope}",
    "list.upcoming": "Coming up in the next {days} days · {scope}",
    "list.ongoing": "Ongoing tasks · {scope}",
    "list.search": "Results for “{words}”",
    "list.agency": "Tasks of {scope}",
    "list.overdue_heading": "⚠️ Overdue, not done",
    "list.due_heading": "📅 Due this year",
    "list.ongoing_note": "There {are} also {count} ongoing task{s} (no deadline): type /ongoing to list them.",
    "list.empty": "No tasks.",
    "list.window": "Due from {start} to {end} · {scope}",
    "list.day": "Due on {end} · {scope}",
    "list.until": "Due from today to {end} · {scope}",
    "asked.count": "{scope} has {count} task{s}{what}.",
    "asked.none": "{scope} has no tasks{what}.",
    "asked.due": "due in {year}",
    "asked.days": "due in the next {days} days",
    "asked.window": "due from {start} to {end}",
    "asked.day": "due on {end}",
    "asked.until": "due from today to {end}",
    "asked.overdue": "overdue",
    "asked.overdue_in": "overdue, due in {year}",
    "asked.ongoing": "that are ongoing",
    "asked.coordinating": "to coordinate (another agency leads)",
    "asked.kind.annual": "of the annual kind",
    "asked.kind.time_bound": "with a fixed deadline",
    "asked.kind.ongoing": "that are ongoing",
    "asked.status.done": "done",
    "asked.status.in_progress": "in progress",
    "asked.status.blocked": "blocked",
    "asked.status.open": "not started",
    "asked.status.unfinished": "left undone",
    "clarify.which": "Which did you mean?",
    "clarify.summary": "📊 Summary",
    "clarify.list": "📋 List of tasks",
    "clarify.search": "🔎 Search “{words}”",
    "export.none": "There is no plan to export yet.",
    "export.caption": "Plan {plan}: tasks and progress (Excel).",
    "list.count": "{count} task{s} · page {page}/{pages}",
    "list.more": "Type a task code (such as {code}) to see it in full.",
    "scope.all": "the whole plan",
    "scope.unlinked_hint": "You are not linked to an agency, so this is the whole plan. Type /link to link.",
    "page.prev": "◀ Previous",
    "page.next": "Next ▶",
    "search.usage": "Type /search and a few words of the content, e.g. /search bệnh án điện tử",
    "search.none": "No task mentions “{words}”.",
    "task.title": "Task {code}",
    "task.section": "Section {numeral}. {title}",
    "task.leads": "Lead",
    "task.coordinators": "Coordinating",
    "task.timeframe": "Timeframe",
    "task.funding": "Funding",
    "funding.state_budget": "State budget",
    "funding.socialised": "Private contributions",
    "funding.sponsorship": "Sponsorship",
    "funding.other_mobilised": "Other mobilised sources",
    "terminal.banner": "AgencyBot — {name}. Type /help for help, Ctrl-D to leave.",
    "terminal.saved": "📁 File saved: {path}",
    "task.status": "Progress ({period})",
    "task.history": "History",
    "task.history_line": "{when} · {agency}: {status}{note} ({who})",
    "task.none": "—",
    "task.not_found": "There is no task {code}. Codes look like section.number, e.g. III.9.",
    "task.which": "Code {code} exists in several plans. Which one?",
    "task.usage": "Type a task code, e.g. /task III.9",
    "period.all": "whole task",
    "period.year": "year {year}",
    "tf.once": "Due {deadline}",
    "tf.range": "{raw}, due {deadline}",
    "tf.annual": "Every year, due {due}",
    "tf.semiannual": "Twice a year, this period due {due}",
    "tf.quarterly": "Quarterly, this quarter due {due}",
    "tf.monthly": "Monthly, this month due {due}",
    "tf.ongoing": "Ongoing",
    "tf.conditional": "On condition: {condition}",
    "tf.blank": "No timeframe given",
    "tf.unparsed": "{raw} (deadline not understood)",
    "status.open": "⬜ Open",
    "status.in_progress": "🔄 In progress",
    "status.done": "✅ Done",
    "status.blocked": "⛔ Blocked",
    "status.button.done": "✅ Done",
    "status.button.in_progress": "🔄 In progress",
    "status.button.blocked": "⛔ Blocked",
    "status.saved": "Updated {code} ({period}) for {agency}: {status}.",
    "status.not_yours": "Only the lead or coordinating agencies of task {code} can update its progress.",
    "status.unlinked": "Please link to an agency before updating progress. Type /link.",
    "status.usage": "Use: /done III.9 [note] · /doing III.9 · /blocked III.9 reason",
    "agency.usage": "Type /agency and an agency name, e.g. /agency Sở Y tế (no diacritics is fine: so y te).",
    "agency.not_found": "No agency matches “{name}”.",
    "agency.suggest": "Did you mean: {names}?",
    "agency.which": "“{name}” could be several agencies. Please choose:",
    "me.title": "About you",
    "me.role": "Role: {role} · user id: {channel} {user_id}",
    "me.agencies": "Agencies you follow: {agencies}",
    "me.chat_agencies": "This group follows: {agencies}",
    "me.none": "none yet (type /link)",
    "role.member": "focal point",
    "role.coordinator": "coordinator",
    "role.admin": "administrator",
    "link.usage": (
        "To link to your agency, open the invitation link a coordinator sent you, or type /link CODE, "
        "or type /link and your agency's name (e.g. /link Sở Y tế) to send a request."
    ),
    "link.done": "Linked {holder} to {agency}: its reminders will now come here.",
    "link.holder.you": "you",
    "link.holder.group": "this group",
    "link.already": "{agency} was already linked to {holder}.",
    "link.code_unknown": "That code is not valid. Check it or ask a coordinator for a new one.",
    "link.code_expired": "That code has expired. Ask a coordinator for a new one.",
    "link.code_used": "That code was already used. Each code works once.",
    "link.throttled": "Too many wrong codes. Please try again in {minutes} minutes.",
    "link.requested": "Request to link to {agency} sent. A coordinator will review it soon.",
    "link.request_pending": "Your request to link to {agency} is waiting for review.",
    "link.request_notice": "{name} ({who}) asks to link {holder} to {agency}.",
    "link.request.approve": "✅ Approve",
    "link.request.reject": "✖ Reject",
    "link.request_approved": "Your request to link to {agency} was approved.",
    "link.request_rejected": "Your request to link to {agency} was not accepted. Please contact a coordinator.",
    "link.request_decided": "{decision} the request of {name} ({agency}).",
    "link.request_gone": "This request was already handled.",
    "link.decision.approved": "Approved",
    "link.decision.rejected": "Rejected",
    "link.no_coordinators": "There is no coordinator to review requests yet. Please ask for an invitation code.",
    "unlink.done": "Unlinked {holder} from {agency}.",
    "unlink.none": "No agency is linked to {holder}.",
    "unlink.which": "Which agency do you want to unlink from?",
    "invite.usage": "Use: /invite agency name, e.g. /invite Sở Y tế",
    "invite.done": (
        "Invitation code for {agency}: {code}\nExpires: {expires}. Single use.\n"
        "Send it to the agency's focal point; they type /link {code}"
    ),
    "invite.link": "or open: {link}",
    "whois.usage": "Use: /whois agency name",
    "whois.title": "Focal points and groups following {agency}",
    "whois.none": "Nobody follows {agency} yet.",
    "whois.group": "group {title}",
    "promote.usage": "Use: /promote @username (or numeric id) [coordinator|admin|member]",
    "promote.not_found": "No user “{who}”. They need to message the bot first.",
    "promote.done": "{name} is now {role}.",
    "denied": "Sorry, this is for {role}s.",
    "summary.title": "Summary for {year} · {scope}",
    "summary.line": (
        "Leads {leads} tasks · due this year {due}\n"
        "✅ {done} · 🔄 {in_progress} · ⛔ {blocked} · ⚠️ overdue {overdue} · ongoing {ongoing}"
    ),
    "summary.agencies": "By agency (most overdue first):",
    "summary.agency_line": "{agency}: due {due} · ✅ {done} · ⚠️ {overdue}",
    "summary.quality": "Data to review: {blank} tasks without a timeframe, {unparsed} with one not understood.",
}

VI.update(
    {
        # -- reminders
        "digest.title": "🔔 Nhắc việc ngày {day}",
        "digest.before": "hạn {due} (còn {days} ngày)",
        "digest.overdue": "quá hạn {days} ngày (hạn {due})",
        "digest.planning": "lập kế hoạch năm {year} · hạn báo cáo {due}",
        "digest.report": "báo cáo năm {year}: hạn {due} (còn {days} ngày)",
        "digest.period_end": "kỳ {period} kết thúc {due} (còn {days} ngày)",
        "digest.heads_up": "để biết (phối hợp): hạn {due}",
        "digest.snoozed": "nhắc lại: hạn {due}",
        "digest.coordinating": "Phối hợp (để biết)",
        "digest.escalations": "⚠️ Quá hạn, báo điều phối viên",
        "digest.escalation": "{agency}: quá hạn {days} ngày (hạn {due})",
        "digest.more": "… và {count} nhắc việc khác, gửi trong bản nhắc việc ngày làm việc tới.",
        "digest.footer": "Bấm ✅ khi xong, 🔄 khi đang làm, 💤 để nhắc lại sau {snooze} ngày.",
        "digest.snooze": "💤 {days} ngày",
        "snooze.done": "Sẽ nhắc lại {code} ngày {day}.",
        "aged.notice": (
            "Sau thời gian hệ thống ngừng hoạt động, {count} nhắc việc đã quá {days} ngày làm việc nên không gửi nữa "
            "(các cơ quan: {agencies})."
        ),
        "unreachable.notice": (
            "{count} nhắc việc không có người nhận vì chưa có đầu mối: {agencies}. Gõ /invite để mời."
        ),
        "quality.digest": (
            "Dữ liệu cần xem lại: {count} nhiệm vụ chưa có thời gian hoặc chưa đọc được thời gian nên không được "
            "nhắc việc: {codes}"
        ),
        "reminders.title": "Nhắc việc sắp tới · {scope}",
        "reminders.line": "{day} · {code} · {what} · {agency}",
        "reminders.none": "Không có nhắc việc nào trong {days} ngày tới.",
        "reminders.quiet": "Nhắc việc đang tạm dừng ở đây đến {until} (gõ /quiet off để bật lại).",
        "reminders.hour": "Giờ nhận nhắc việc: {hour}, các ngày làm việc (đổi bằng /remind_at 07:30).",
        "reminders.hour_only": "Giờ nhận nhắc việc: {hour}, các ngày làm việc.",
        "reminders.pause": "Tạm dừng nhắc việc ở đây: /quiet 14d (14 ngày), bật lại bằng /quiet off.",
        "quiet.set": "Tạm dừng nhắc việc ở đây đến hết {until}.",
        "quiet.off": "Đã bật lại nhắc việc.",
        "quiet.usage": "Dùng: /quiet 14d (tạm dừng 14 ngày) hoặc /quiet off",
        "remind_at.set": "Nhắc việc sẽ gửi lúc {hour} các ngày làm việc.",
        "remind_at.usage": "Dùng: /remind_at 07:30 (giờ từ 05:00 đến 20:00)",
        "reminders_on.usage": "Dùng: /reminders_on 2026-12-08 (hoặc 08/12/2026)",
        "reminders_on.title": "Ngày {day}: {count} nhắc việc cho {agencies} cơ quan",
        "reminders_on.line": "• {agency}: {codes}",
        "reminders_on.off": "Ngày {day} là ngày nghỉ ({why}): nhắc việc được dời sang ngày làm việc gần nhất.",
        "reminders_on.none": "Ngày {day} không có nhắc việc nào.",
        "weekend": "cuối tuần",
        "policy.usage": (
            "Dùng: /policy NQ20 (xem) · /policy III.9 days_before=60,14 overdue_every=14 · "
            "/policy NQ20 report_due=31/12 · /policy III.9 reset"
        ),
        "policy.show": "Chính sách nhắc việc · {target}",
        "policy.line": "• {name} = {value}",
        "policy.saved": "Đã lưu chính sách nhắc việc cho {target}; lịch nhắc việc đã được lập lại.",
        "policy.reset": "{target} dùng lại chính sách mặc định.",
        "policy.bad": "Không hiểu “{setting}”. Các mục: {names}.",
        "policy.unknown_target": "Không có kế hoạch hay nhiệm vụ “{target}”.",
    }
)
EN.update(
    {
        "digest.title": "🔔 Reminders for {day}",
        "digest.before": "due {due} ({days} days left)",
        "digest.overdue": "{days} days overdue (due {due})",
        "digest.planning": "plan the year {year} · report due {due}",
        "digest.report": "{year} report due {due} ({days} days left)",
        "digest.period_end": "period {period} ends {due} ({days} days left)",
        "digest.heads_up": "for information (you coordinate): due {due}",
        "digest.snoozed": "again: due {due}",
        "digest.coordinating": "Coordinating (for information)",
        "digest.escalations": "⚠️ Overdue, escalated to coordinators",
        "digest.escalation": "{agency}: {days} days overdue (due {due})",
        "digest.more": "… and {count} more reminders, in the next working day's digest.",
        "digest.footer": "Press ✅ when done, 🔄 when in progress, 💤 to be reminded again in {snooze} days.",
        "digest.snooze": "💤 {days} days",
        "snooze.done": "{code} will come back on {day}.",
        "aged.notice": (
            "After the system was down, {count} reminders older than {days} working days were not sent any more "
            "(agencies: {agencies})."
        ),
        "unreachable.notice": "{count} reminders had nobody to go to; no focal point yet for: {agencies}. Use /invite.",
        "quality.digest": (
            "Data to review: {count} task{s} {have} no timeframe, or one that could not be read, so they get no "
            "reminders: {codes}"
        ),
        "reminders.title": "Coming reminders · {scope}",
        "reminders.line": "{day} · {code} · {what} · {agency}",
        "reminders.none": "No reminders in the next {days} days.",
        "reminders.quiet": "Reminders are paused here until {until} (type /quiet off to resume).",
        "reminders.hour": "Reminders come at {hour} on working days (change it with /remind_at 07:30).",
        "reminders.hour_only": "Reminders come at {hour} on working days.",
        "reminders.pause": "To pause reminders here: /quiet 14d (14 days); resume with /quiet off.",
        "quiet.set": "Reminders paused here until the end of {until}.",
        "quiet.off": "Reminders are on again.",
        "quiet.usage": "Use: /quiet 14d (pause for 14 days) or /quiet off",
        "remind_at.set": "Reminders will come at {hour} on working days.",
        "remind_at.usage": "Use: /remind_at 07:30 (between 05:00 and 20:00)",
        "reminders_on.usage": "Use: /reminders_on 2026-12-08 (or 08/12/2026)",
        "reminders_on.title": "{day}: {count} reminders for {agencies} agencies",
        "reminders_on.line": "• {agency}: {codes}",
        "reminders_on.off": "{day} is a day off ({why}): reminders move to the nearest working day.",
        "reminders_on.none": "No reminders on {day}.",
        "weekend": "weekend",
        "policy.usage": (
            "Use: /policy NQ20 (show) · /policy III.9 days_before=60,14 overdue_every=14 · "
            "/policy NQ20 report_due=31/12 · /policy III.9 reset"
        ),
        "policy.show": "Reminder policy · {target}",
        "policy.line": "• {name} = {value}",
        "policy.saved": "Reminder policy saved for {target}; its reminders were planned again.",
        "policy.reset": "{target} follows the default policy again.",
        "policy.bad": "Did not understand “{setting}”. Settings: {names}.",
        "policy.unknown_target": "There is no plan or task “{target}”.",
    }
)

VI.update(
    {
        # -- broadcasts
        "bc.audience": "Gửi thông báo tới ai?",
        "bc.overdue": "Gửi tới {count} cơ quan còn nhiệm vụ quá hạn: {agencies}.",
        "bc.overdue.none": "Hiện không có cơ quan nào còn nhiệm vụ quá hạn.",
        "bc.audience.all": "Tất cả cơ quan đã liên kết",
        "bc.audience.section": "Cơ quan chủ trì một mục",
        "bc.audience.task": "Cơ quan của một nhiệm vụ",
        "bc.audience.agencies": "Chọn cơ quan",
        "bc.audience.coordinators": "Các điều phối viên",
        "bc.cancel": "✖ Hủy",
        "bc.send": "📤 Gửi",
        "bc.ask.section": "Gõ mục (ví dụ: III, hoặc NQ20 III khi có nhiều kế hoạch).",
        "bc.ask.task": "Gõ mã nhiệm vụ (ví dụ: III.9).",
        "bc.ask.agencies": "Gõ tên các cơ quan, cách nhau bằng dấu chấm phẩy (ví dụ: Sở Y tế; so giao duc).",
        "bc.ask.text": "Gõ nội dung thông báo, hoặc gửi một tệp (kèm chú thích nếu cần). Gõ /cancel để hủy.",
        "bc.unknown_section": "Không có mục “{section}”. Các mục: {sections}.",
        "bc.unknown_agencies": "Không tìm thấy: {names}. Anh/chị gõ lại giúp.",
        "bc.preview": "Xem trước thông báo:",
        "bc.reach": "Sẽ gửi tới {chats} cuộc trò chuyện của {agencies} cơ quan ({audience}).",
        "bc.nobody": "Chưa có ai trong nhóm nhận này liên kết với bot: không có nơi nào để gửi.",
        "bc.queued": "Đang gửi thông báo #{id} tới {chats} cuộc trò chuyện. Xem tiến độ: /broadcast_status {id}",
        "bc.cancelled": "Đã hủy, không gửi gì.",
        "bc.expired": "Phiên soạn thông báo đã hết hạn. Gõ /broadcast để bắt đầu lại.",
        "bc.ack": "Đã ghi nhận, cảm ơn anh/chị.",
        "bc.ack_again": "Anh/chị đã xác nhận thông báo này rồi.",
        "bc.ack_none": "Chưa có thông báo nào gửi tới đây để xác nhận.",
        "bc.list.title": "Thông báo gần đây",
        "bc.list.line": "#{id} · {when} · {audience} · {chats} nơi · đã gửi {delivered} · đã nhận {acknowledged}",
        "bc.list.none": "Chưa có thông báo nào. Gõ /broadcast để gửi.",
        "bc.status.usage": "Dùng: /broadcast_status 12 (số của thông báo, xem /broadcasts)",
        "bc.status.none": "Không có thông báo #{id}.",
        "bc.status.title": "Thông báo #{id} · {when} · {audience}",
        "bc.status.totals": (
            "Tổng: {chats} nơi · đã gửi {delivered} · đã nhận {acknowledged} · chặn bot {blocked} · lỗi {failed} · "
            "đang chờ {pending}"
        ),
        "bc.status.line": "{agency}: {chats} nơi · đã gửi {delivered} · đã nhận {acknowledged}{extra}",
        "bc.status.extra": " · chặn {blocked} · lỗi {failed} · chờ {pending}",
        "bc.resend": "🔁 Gửi lại nơi chưa nhận (sau {hours} giờ)",
        "bc.export": "📊 Xuất Excel",
        "bc.resent": "Đã gửi lại thông báo #{id} tới {count} nơi chưa xác nhận.",
        "bc.resent.none": "Không có nơi nào cần gửi lại (tất cả đã xác nhận, hoặc chưa đủ {hours} giờ).",
        "bc.export.caption": "Biên nhận thông báo #{id}",
        "bc.audience.name.all": "tất cả cơ quan",
        "bc.audience.name.section": "chủ trì mục {section}",
        "bc.audience.name.task": "nhiệm vụ {code}",
        "bc.audience.name.agencies": "{count} cơ quan được chọn",
        "bc.audience.name.coordinators": "các điều phối viên",
        "bc.coordinators": "Điều phối viên",
        "xlsx.agency": "Cơ quan",
        "xlsx.chat": "Nơi nhận",
        "xlsx.channel": "Kênh",
        "xlsx.state": "Trạng thái",
        "xlsx.sent_at": "Gửi lúc",
        "xlsx.acknowledged_at": "Xác nhận lúc",
        "xlsx.acknowledged_by": "Người xác nhận",
        "xlsx.resent": "Số lần gửi lại",
        "xlsx.state.delivered": "Đã gửi",
        "xlsx.state.blocked": "Chặn bot",
        "xlsx.state.failed": "Lỗi",
        "xlsx.state.pending": "Đang chờ",
        "cancel.none": "Không có việc gì đang dở để hủy.",
        "file.unexpected": (
            "Tôi đã nhận tệp “{name}” nhưng chưa biết dùng vào việc gì. Để nhập kế hoạch, gửi tệp .docx, "
            ".xlsx hoặc .txt; để gửi tệp tới các cơ quan, gõ /broadcast trước."
        ),
    }
)
EN.update(
    {
        "bc.audience": "Who should get the message?",
        "bc.overdue": "To the {count} agencies with overdue tasks: {agencies}.",
        "bc.overdue.none": "No agency has overdue tasks right now.",
        "bc.audience.all": "All linked agencies",
        "bc.audience.section": "Lead agencies of a section",
        "bc.audience.task": "Agencies of one task",
        "bc.audience.agencies": "Pick agencies",
        "bc.audience.coordinators": "The coordinators",
        "bc.cancel": "✖ Cancel",
        "bc.send": "📤 Send",
        "bc.ask.section": "Type the section (e.g. III, or NQ20 III when there are several plans).",
        "bc.ask.task": "Type the task code (e.g. III.9).",
        "bc.ask.agencies": "Type the agencies' names separated by semicolons (e.g. Sở Y tế; so giao duc).",
        "bc.ask.text": "Type the message, or send a file (with a caption if needed). Type /cancel to stop.",
        "bc.unknown_section": "There is no section “{section}”. Sections: {sections}.",
        "bc.unknown_agencies": "Not found: {names}. Please type them again.",
        "bc.preview": "Preview:",
        "bc.reach": "It will go to {chats} chats of {agencies} agencies ({audience}).",
        "bc.nobody": "Nobody in this audience has linked to the bot yet: there is nowhere to send it.",
        "bc.queued": "Sending message #{id} to {chats} chats. Progress: /broadcast_status {id}",
        "bc.cancelled": "Cancelled, nothing sent.",
        "bc.expired": "This message draft has expired. Type /broadcast to start again.",
        "bc.ack": "Noted, thank you.",
        "bc.ack_again": "You already confirmed this message.",
        "bc.ack_none": "No message was sent here to confirm.",
        "bc.list.title": "Recent messages",
        "bc.list.line": "#{id} · {when} · {audience} · {chats} chats · delivered {delivered} · received {acknowledged}",
        "bc.list.none": "No messages yet. Type /broadcast to send one.",
        "bc.status.usage": "Use: /broadcast_status 12 (the message's number, see /broadcasts)",
        "bc.status.none": "There is no message #{id}.",
        "bc.status.title": "Message #{id} · {when} · {audience}",
        "bc.status.totals": (
            "Total: {chats} chats · delivered {delivered} · received {acknowledged} · blocked {blocked} · "
            "failed {failed} · pending {pending}"
        ),
        "bc.status.line": "{agency}: {chats} chats · delivered {delivered} · received {acknowledged}{extra}",
        "bc.status.extra": " · blocked {blocked} · failed {failed} · pending {pending}",
        "bc.resend": "🔁 Send again where not received (after {hours} h)",
        "bc.export": "📊 Export to Excel",
        "bc.resent": "Message #{id} sent again to {count} chats that had not confirmed.",
        "bc.resent.none": "Nothing to send again (everyone confirmed, or {hours} hours have not passed).",
        "bc.export.caption": "Receipts of message #{id}",
        "bc.audience.name.all": "all agencies",
        "bc.audience.name.section": "leads of section {section}",
        "bc.audience.name.task": "task {code}",
        "bc.audience.name.agencies": "{count} chosen agencies",
        "bc.audience.name.coordinators": "the coordinators",
        "bc.coordinators": "Coordinators",
        "xlsx.agency": "Agency",
        "xlsx.chat": "Recipient",
        "xlsx.channel": "Channel",
        "xlsx.state": "State",
        "xlsx.sent_at": "Sent at",
        "xlsx.acknowledged_at": "Received at",
        "xlsx.acknowledged_by": "Confirmed by",
        "xlsx.resent": "Times sent again",
        "xlsx.state.delivered": "Delivered",
        "xlsx.state.blocked": "Blocked",
        "xlsx.state.failed": "Failed",
        "xlsx.state.pending": "Pending",
        "cancel.none": "Nothing in progress to cancel.",
        "file.unexpected": (
            "I got the file “{name}” but do not know what to do with it. To import a plan, send a .docx, "
            ".xlsx or .txt file; to send a file to agencies, type /broadcast first."
        ),
    }
)

VI.update(
    {
        # -- channels: one person on Telegram and Zalo, buttons as numbers where there are none
        "choices.reply": "Trả lời {choices}",
        "message.unsupported": "Xin lỗi, tôi chỉ đọc được tin nhắn chữ. Gõ /help để xem hướng dẫn.",
        "connect.code": (
            "Mã kết nối: {code}\nHết hạn sau {minutes} phút, dùng một lần. Mở AgencyBot trên kênh kia "
            "(Zalo hoặc Telegram) và gõ /connect {code}: hai nơi sẽ có cùng các cơ quan và cùng nhắc việc."
        ),
        "connect.done": (
            "Đã kết nối {here} với {other} của anh/chị: cùng các cơ quan, cùng nhắc việc. "
            "Nhắc việc và thông báo gửi đến: {where} (đổi bằng /notify)."
        ),
        "connect.same_channel": "Mã này được tạo trên {channel}: anh/chị gõ nó trên kênh kia (Zalo hoặc Telegram).",
        "connect.unknown": "Mã kết nối không đúng hoặc đã hết hạn. Gõ /connect trên kênh kia để lấy mã mới.",
        "connect.group": "Gõ /connect trong cuộc trò chuyện riêng với bot, không phải trong nhóm.",
        "notify.show": (
            "Nhắc việc và thông báo gửi đến: {where}.\nCác kênh của anh/chị: {channels}.\n"
            "Đổi: /notify zalo · /notify telegram · /notify both (tất cả)."
        ),
        "notify.set": (
            "Từ nay nhắc việc và thông báo gửi đến: {where}. Khi không gửi được ở đó, bot gửi sang kênh còn lại."
        ),
        "notify.single": (
            "Anh/chị đang dùng một kênh ({channels}). Để nhận ở cả Zalo và Telegram: gõ /connect ở đây "
            "rồi gõ mã đó trên kênh kia."
        ),
        "notify.missing": "Anh/chị chưa kết nối {channel}. Gõ /connect ở đây rồi gõ mã đó trên {channel}.",
        "notify.usage": "Dùng: /notify zalo, /notify telegram hoặc /notify both (tất cả các kênh).",
        "notify.all": "tất cả các kênh ({channels})",
        # -- plan files sent in the chat
        "upload.denied": (
            "Tôi đã nhận tệp “{name}” nhưng chưa dùng: chỉ điều phối viên mới nhập được kế hoạch từ tệp, "
            "hoặc gửi tệp tới các cơ quan (/broadcast)."
        ),
        "upload.refused": "Không nhập được tệp “{name}”: {reason}",
        "upload.too_big": "tệp nặng {size} MB, quá giới hạn {limit} MB cho một kế hoạch.",
        "upload.fetch_failed": "không tải được tệp về. Anh/chị vui lòng gửi lại.",
        "upload.reason.wrong_type": "chỉ nhận bảng kế hoạch dạng Word (.docx), Excel (.xlsx) hoặc văn bản (.txt).",
        "upload.reason.old_format": "đây là định dạng cũ ({type}); anh/chị mở tệp và lưu lại thành .docx hoặc .xlsx.",
        "upload.reason.unreadable": "tệp bị hỏng hoặc không đúng định dạng {type}; anh/chị mở tệp và lưu lại.",
        "upload.reason.no_header": (
            "không tìm thấy bảng nhiệm vụ: bảng cần có dòng tiêu đề cột như "
            "STT | Nội dung nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian | Kinh phí."
        ),
        "upload.reason.no_rows": "bảng có dòng tiêu đề nhưng không có nhiệm vụ nào.",
        "upload.reason.empty": "tệp rỗng.",
        "upload.reason.text": "tệp văn bản không đọc được ({detail}).",
        "upload.reason.too_big": "tệp giải nén ra quá lớn so với một bảng kế hoạch.",
        "upload.report.title": "📄 Kiểm tra tệp “{name}” (chưa lưu gì)",
        "upload.report.new": "Kế hoạch mới {plan}: {title}",
        "upload.report.update": "Bản mới của kế hoạch {plan}: {title}",
        "upload.report.counts": "{tasks} nhiệm vụ trong {sections} mục",
        "upload.report.agencies": "Cơ quan: {known} nhận ra trong danh mục, {new} mới",
        "upload.report.new_agencies": "Cơ quan mới (sẽ thêm, chưa xác minh): {names}",
        "upload.report.unparsed": "Thời gian chưa đọc được ({count}): {items}",
        "upload.report.blank": "Chưa có thời gian ({count}): {codes}",
        "upload.report.other": "Vấn đề khác cần xem lại: {count}.",
        "upload.report.changes": (
            "Thay đổi so với bản đang dùng: thêm {added} · sửa {updated} · bỏ {removed} · giữ nguyên {unchanged}"
        ),
        "upload.report.added": "Thêm: {codes}",
        "upload.report.updated": "Sửa: {codes}",
        "upload.report.removed": "Bỏ (giữ lại, đánh dấu đã bỏ): {codes}",
        "upload.report.same": "Không có gì thay đổi: hệ thống đã có đúng bản này.",
        "upload.report.ask": (
            "Bấm Nhập để lưu, hoặc Hủy. Để đặt mã và tên kế hoạch, gửi lại tệp kèm chú thích, "
            "ví dụ: KH-CDS Kế hoạch chuyển đổi số 2026"
        ),
        "upload.more": "… và {count} nữa",
        "upload.import": "✅ Nhập",
        "upload.cancel": "✖ Hủy",
        "upload.done": (
            "Đã nhập kế hoạch {plan}: {tasks} nhiệm vụ (thêm {added}, sửa {updated}, bỏ {removed}). "
            "Nhắc việc được lập lại trong ít phút."
        ),
        "upload.cancelled": "Đã hủy, không nhập gì từ “{name}”.",
        "upload.expired": "Tệp này đã hết hạn hoặc đã được xử lý. Anh/chị gửi lại tệp nếu cần.",
        # -- several plans
        "plans.title": "Các kế hoạch",
        "plans.line": "{plan} · {title} · {tasks} nhiệm vụ",
        "plans.yours": " (cơ quan của anh/chị có nhiệm vụ)",
        "plans.none": "Chưa có kế hoạch nào. Điều phối viên gửi tệp kế hoạch (.docx, .xlsx) để nhập.",
        "plans.year": "Có {count} kế hoạch của năm {year} (ở đầu danh sách).",
        "plans.year_none": "Chưa có kế hoạch nào của năm {year} trên bot.",
        "plans.hint": "Thêm mã kế hoạch vào câu hỏi để chỉ xem một kế hoạch, ví dụ: /due {plan} hoặc {plan} III.9.",
        "plans.number": "Có {count} kế hoạch số {number} (ở đầu danh sách).",
        "plans.number_none": "Chưa có kế hoạch nào số {number} trên bot.",
        # -- funding: the sources the plan writes, no amounts
        "funding.title": "Nguồn kinh phí · {scope} · {tasks} nhiệm vụ chủ trì",
        "funding.line": "{source}: {tasks} nhiệm vụ",
        "funding.blank": "Chưa ghi kinh phí: {tasks} nhiệm vụ",
        "funding.note": (
            "Kế hoạch chỉ ghi nguồn kinh phí của từng nhiệm vụ, không ghi số tiền. "
            "Xem nguồn kinh phí của một nhiệm vụ: gõ mã của nó, ví dụ <i>III.9</i>."
        ),
        "thanks": "Dạ, không có gì ạ. Anh/chị cần gì cứ nhắn nhé.",
        "agencies.title": "{count} cơ quan có nhiệm vụ",
        "agencies.line": "{agency}: chủ trì {lead}, phối hợp {coordinating}",
        "agencies.more": "… và {count} cơ quan khác.",
        "agencies.none": "Chưa có cơ quan nào: kế hoạch chưa được nhập.",
        "agencies.hint": "Xem nhiệm vụ của một cơ quan: gõ tên cơ quan, ví dụ <i>nhiệm vụ của Sở Y tế</i>.",
        "scope.plan": "{scope} · {plan}",
        # -- fixing data from the chat
        "fix.merge.usage": (
            "Dùng: /merge tên cần gộp => tên đúng, ví dụ /merge Báo Lao động, ĐN => Báo Lao động Đồng Nai"
        ),
        "fix.merge.confirm": "Gộp “{source}” vào “{target}”? {tasks} nhiệm vụ sẽ chuyển sang “{target}”.",
        "fix.merge.button": "🔀 Gộp",
        "fix.merge.done": "Đã gộp “{source}” vào “{target}” ({tasks} nhiệm vụ); tên cũ là tên gọi khác của nó.",
        "fix.merge.same": "“{source}” và “{target}” là cùng một cơ quan.",
        "fix.merge.group": "“{name}” là một nhóm cơ quan; chỉ gộp được các cơ quan.",
        "fix.merge.other_way": (
            "“{source}” có trong danh mục cơ quan, “{target}” thì chưa: hãy gộp theo chiều ngược lại, "
            "/merge {target} => {source}"
        ),
        "fix.alias.usage": "Dùng: /alias tên cơ quan = tên gọi khác, ví dụ /alias Sở Y tế = SYT ĐN",
        "fix.alias.done": "Đã thêm tên gọi “{alias}” cho {agency}; {tasks} nhiệm vụ được liên kết lại.",
        "fix.alias.taken": "“{alias}” đã là tên gọi của {agency}.",
        "fix.timeframe.usage": "Dùng: /timeframe III.9 Năm 2026 (hoặc Quý I/2027, 31/12/2026, Hằng năm...)",
        "fix.timeframe.unreadable": (
            "Vẫn chưa đọc được “{text}” thành thời hạn. Thử: Năm 2026, Quý I/2027, 31/12/2026, Hằng năm."
        ),
        "fix.timeframe.done": "Đã đặt thời gian của {code}: {timeframe} (trước đây: “{before}”).",
        "fix.cancelled": "Đã hủy, không thay đổi gì.",
        "fix.list.title": "Sửa dữ liệu gần đây",
        "fix.list.line": "{when} · {who} · {what}",
        "fix.list.none": "Chưa có lần sửa dữ liệu nào.",
        "fix.what.merge": "gộp “{source}” vào “{target}”",
        "fix.what.alias": "thêm tên gọi “{alias}” cho {agency}",
        "fix.what.timeframe": "thời gian {code}: “{before}” → “{after}”",
    }
)
EN.update(
    {
        "choices.reply": "Reply {choices}",
        "message.unsupported": "Sorry, I can only read text messages. Type /help for what I can do.",
        "connect.code": (
            "Connection code: {code}\nIt expires in {minutes} minutes and works once. Open AgencyBot on the other "
            "channel (Zalo or Telegram) and type /connect {code}: both will follow the same agencies and reminders."
        ),
        "connect.done": (
            "Connected this {here} account with your {other} account: same agencies, same reminders. "
            "Reminders and broadcasts go to: {where} (change with /notify)."
        ),
        "connect.same_channel": "This code was made on {channel}: type it on the other channel (Zalo or Telegram).",
        "connect.unknown": (
            "That connection code is wrong or has expired. Type /connect on the other channel for a new one."
        ),
        "connect.group": "Type /connect in your private chat with the bot, not in a group.",
        "notify.show": (
            "Reminders and broadcasts go to: {where}.\nYour channels: {channels}.\n"
            "Change: /notify zalo · /notify telegram · /notify both (all)."
        ),
        "notify.set": "Reminders and broadcasts now go to: {where}. When that fails, the bot uses your other channel.",
        "notify.single": (
            "You use one channel ({channels}). To get them on both Zalo and Telegram, type /connect here and "
            "the code on the other channel."
        ),
        "notify.missing": "You have not connected {channel} yet. Type /connect here and the code on {channel}.",
        "notify.usage": "Use: /notify zalo, /notify telegram or /notify both (all channels).",
        "notify.all": "all channels ({channels})",
        "upload.denied": (
            "I got the file “{name}” but did not use it: only coordinators can import a plan from a file, "
            "or send a file to agencies (/broadcast)."
        ),
        "upload.refused": "Could not import “{name}”: {reason}",
        "upload.too_big": "the file is {size} MB, over the {limit} MB limit for a plan.",
        "upload.fetch_failed": "the file could not be downloaded. Please send it again.",
        "upload.reason.wrong_type": "only plan tables in Word (.docx), Excel (.xlsx) or text (.txt) can be imported.",
        "upload.reason.old_format": "this is an old format ({type}); open the file and save it as .docx or .xlsx.",
        "upload.reason.unreadable": "the file is damaged or not really {type}; open it and save it again.",
        "upload.reason.no_header": (
            "no task table found: the table needs a header row naming its columns, such as "
            "STT | Nội dung nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian | Kinh phí."
        ),
        "upload.reason.no_rows": "the table has a header but no task rows.",
        "upload.reason.empty": "the file is empty.",
        "upload.reason.text": "the text file cannot be read ({detail}).",
        "upload.reason.too_big": "the file unpacks to far more than a plan table holds.",
        "upload.report.title": "📄 Checked “{name}” (nothing saved yet)",
        "upload.report.new": "New plan {plan}: {title}",
        "upload.report.update": "New version of plan {plan}: {title}",
        "upload.report.counts": "{tasks} tasks in {sections} sections",
        "upload.report.agencies": "Agencies: {known} matched in the directory, {new} new",
        "upload.report.new_agencies": "New agencies (to be added, unverified): {names}",
        "upload.report.unparsed": "Timeframes not understood ({count}): {items}",
        "upload.report.blank": "No timeframe ({count}): {codes}",
        "upload.report.other": "Other problems to review: {count}.",
        "upload.report.changes": (
            "Changes from the version in use: {added} added · {updated} edited · {removed} removed · "
            "{unchanged} unchanged"
        ),
        "upload.report.added": "Added: {codes}",
        "upload.report.updated": "Edited: {codes}",
        "upload.report.removed": "Removed (kept, marked removed): {codes}",
        "upload.report.same": "No changes: this version is already in use.",
        "upload.report.ask": (
            "Press Import to save it, or Cancel. To choose the plan's code and title, send the file again "
            "with a caption such as: KH-CDS Kế hoạch chuyển đổi số 2026"
        ),
        "upload.more": "… and {count} more",
        "upload.import": "✅ Import",
        "upload.cancel": "✖ Cancel",
        "upload.done": (
            "Imported plan {plan}: {tasks} tasks ({added} added, {updated} edited, {removed} removed). "
            "Reminders are planned again within minutes."
        ),
        "upload.cancelled": "Cancelled, nothing imported from “{name}”.",
        "upload.expired": "This file expired or was already handled. Send it again if needed.",
        "plans.title": "Plans",
        "plans.line": "{plan} · {title} · {tasks} tasks",
        "plans.yours": " (your agency has tasks)",
        "plans.none": "No plan yet. A coordinator sends the plan file (.docx, .xlsx) to import it.",
        "plans.year": "{count} plan(s) of {year} (first in the list).",
        "plans.year_none": "No plan of {year} is in the bot yet.",
        "plans.hint": "Add a plan's code to a question to see that plan only, e.g. /due {plan} or {plan} III.9.",
        "plans.number": "{count} plan(s) numbered {number} (first in the list).",
        "plans.number_none": "No plan numbered {number} is in the bot yet.",
        "funding.title": "Funding sources · {scope} · {tasks} tasks led",
        "funding.line": "{source}: {tasks} task(s)",
        "funding.blank": "No funding written: {tasks} task(s)",
        "funding.note": (
            "The plan writes each task's source of funding, not amounts. "
            "To see one task's source, type its code, e.g. <i>III.9</i>."
        ),
        "thanks": "You're welcome. Message me any time.",
        "agencies.title": "{count} agencies with tasks",
        "agencies.line": "{agency}: leads {lead}, coordinates {coordinating}",
        "agencies.more": "… and {count} more.",
        "agencies.none": "No agencies yet: no plan has been imported.",
        "agencies.hint": "An agency's tasks: type its name, e.g. <i>tasks of Sở Y tế</i>.",
        "scope.plan": "{scope} · {plan}",
        "fix.merge.usage": (
            "Use: /merge name to merge => right name, e.g. /merge Báo Lao động, ĐN => Báo Lao động Đồng Nai"
        ),
        "fix.merge.confirm": "Merge “{source}” into “{target}”? {tasks} tasks will move to “{target}”.",
        "fix.merge.button": "🔀 Merge",
        "fix.merge.done": "Merged “{source}” into “{target}” ({tasks} tasks); the old name is now one of its aliases.",
        "fix.merge.same": "“{source}” and “{target}” are the same agency.",
        "fix.merge.group": "“{name}” is a group of agencies; only agencies can be merged.",
        "fix.merge.other_way": (
            "“{source}” is in the agency directory and “{target}” is not: merge the other way, "
            "/merge {target} => {source}"
        ),
        "fix.alias.usage": "Use: /alias agency name = other name, e.g. /alias Sở Y tế = SYT ĐN",
        "fix.alias.done": "Added the name “{alias}” for {agency}; {tasks} tasks were linked again.",
        "fix.alias.taken": "“{alias}” already names {agency}.",
        "fix.timeframe.usage": "Use: /timeframe III.9 Năm 2026 (or Quý I/2027, 31/12/2026, Hằng năm...)",
        "fix.timeframe.unreadable": (
            "“{text}” still cannot be read as a timeframe. Try: Năm 2026, Quý I/2027, 31/12/2026, Hằng năm."
        ),
        "fix.timeframe.done": "Set the timeframe of {code}: {timeframe} (was: “{before}”).",
        "fix.cancelled": "Cancelled, nothing changed.",
        "fix.list.title": "Recent data fixes",
        "fix.list.line": "{when} · {who} · {what}",
        "fix.list.none": "No data fixes yet.",
        "fix.what.merge": "merged “{source}” into “{target}”",
        "fix.what.alias": "added the name “{alias}” for {agency}",
        "fix.what.timeframe": "timeframe of {code}: “{before}” → “{after}”",
    }
)

VI.update(
    {
        # -- agencybot export: sheet headers and calendar events
        "export.plan": "Kế hoạch",
        "export.code": "Mã",
        "export.section": "Mục",
        "export.content": "Nội dung nhiệm vụ",
        "export.leads": "Cơ quan chủ trì",
        "export.coordinators": "Cơ quan phối hợp",
        "export.timeframe": "Thời gian",
        "export.due": "Hạn kỳ này",
        "export.period": "Kỳ",
        "export.status": "Tiến độ",
        "export.by_agency": "Tiến độ từng cơ quan",
        "export.funding": "Kinh phí",
        "export.ics.due": "Hạn {code}: {content}",
        "export.ics.reminder": "Nhắc việc {code} (hạn {due}): {content}",
    }
)
EN.update(
    {
        "export.plan": "Plan",
        "export.code": "Code",
        "export.section": "Section",
        "export.content": "Task",
        "export.leads": "Lead agencies",
        "export.coordinators": "Coordinating agencies",
        "export.timeframe": "Timeframe",
        "export.due": "Due this period",
        "export.period": "Period",
        "export.status": "Progress",
        "export.by_agency": "Progress by agency",
        "export.funding": "Funding",
        "export.ics.due": "Due {code}: {content}",
        "export.ics.reminder": "Reminder {code} (due {due}): {content}",
    }
)

# The channels' names as people know them.
CHANNEL_NAMES = {"telegram": "Telegram", "zalo": "Zalo", "terminal": "terminal"}

VI.update(
    {
        "cmd.my": "Nhiệm vụ của tôi",
        "cmd.due": "Đến hạn năm nay (hoặc /due 2027)",
        "cmd.overdue": "Quá hạn",
        "cmd.upcoming": "Sắp đến hạn (/upcoming 60)",
        "cmd.ongoing": "Nhiệm vụ thường xuyên",
        "cmd.task": "Xem một nhiệm vụ: /task III.9",
        "cmd.search": "Tìm theo nội dung",
        "cmd.agency": "Nhiệm vụ của một cơ quan",
        "cmd.summary": "Tổng hợp",
        "cmd.export": "Xuất Excel các nhiệm vụ",
        "cmd.done": "Báo hoàn thành: /done III.9",
        "cmd.doing": "Báo đang làm: /doing III.9",
        "cmd.blocked": "Báo vướng mắc: /blocked III.9 lý do",
        "cmd.plans": "Các kế hoạch",
        "cmd.agencies": "Các cơ quan có nhiệm vụ",
        "cmd.link": "Liên kết với cơ quan",
        "cmd.unlink": "Hủy liên kết",
        "cmd.connect": "Kết nối Zalo và Telegram",
        "cmd.notify": "Nhận nhắc việc ở: /notify zalo|telegram|both",
        "cmd.me": "Thông tin của tôi",
        "cmd.lang": "Ngôn ngữ / Language",
        "cmd.reminders": "Nhắc việc sắp tới",
        "cmd.quiet": "Tạm dừng nhắc việc: /quiet 14d",
        "cmd.remind_at": "Giờ nhận nhắc việc: /remind_at 07:30",
        "cmd.invite": "Mã mời cho một cơ quan",
        "cmd.whois": "Ai theo dõi một cơ quan",
        "cmd.reminders_on": "Xem trước nhắc việc một ngày: /reminders_on 2026-12-08",
        "cmd.policy": "Chính sách nhắc việc",
        "cmd.broadcast": "Gửi thông báo tới các cơ quan",
        "cmd.broadcasts": "Các thông báo đã gửi",
        "cmd.broadcast_status": "Ai đã nhận: /broadcast_status 12",
        "cmd.merge": "Gộp hai cơ quan",
        "cmd.alias": "Thêm tên gọi cho một cơ quan",
        "cmd.timeframe": "Đặt thời gian một nhiệm vụ",
        "cmd.fixes": "Lịch sử sửa dữ liệu",
        "cmd.promote": "(quản trị) Phân quyền",
        "cmd.help": "Hướng dẫn",
    }
)
EN.update(
    {
        "cmd.my": "My tasks",
        "cmd.due": "Due this year (or /due 2027)",
        "cmd.overdue": "Overdue tasks",
        "cmd.upcoming": "Coming up (/upcoming 60)",
        "cmd.ongoing": "Ongoing tasks",
        "cmd.task": "One task: /task III.9",
        "cmd.search": "Search the content",
        "cmd.agency": "An agency's tasks",
        "cmd.summary": "Summary",
        "cmd.export": "Tasks as an Excel file",
        "cmd.done": "Mark done: /done III.9",
        "cmd.doing": "Mark in progress: /doing III.9",
        "cmd.blocked": "Mark blocked: /blocked III.9 reason",
        "cmd.plans": "The plans",
        "cmd.agencies": "The agencies with tasks",
        "cmd.link": "Link to your agency",
        "cmd.unlink": "Unlink",
        "cmd.connect": "Connect Zalo and Telegram",
        "cmd.notify": "Where reminders go: /notify zalo|telegram|both",
        "cmd.me": "About me",
        "cmd.lang": "Language / Ngôn ngữ",
        "cmd.reminders": "Coming reminders",
        "cmd.quiet": "Pause reminders: /quiet 14d",
        "cmd.remind_at": "Reminder hour: /remind_at 07:30",
        "cmd.invite": "An invitation code for an agency",
        "cmd.whois": "Who follows an agency",
        "cmd.reminders_on": "Preview a day's reminders: /reminders_on 2026-12-08",
        "cmd.policy": "Reminder policies",
        "cmd.broadcast": "Send a message to agencies",
        "cmd.broadcasts": "Messages sent",
        "cmd.broadcast_status": "Who received it: /broadcast_status 12",
        "cmd.merge": "Merge two agencies",
        "cmd.alias": "Another name for an agency",
        "cmd.timeframe": "Set a task's timeframe",
        "cmd.fixes": "History of data fixes",
        "cmd.promote": "(admins) Roles",
        "cmd.help": "Help",
    }
)

# -- who owes what: lead and coordinating, successors of abolished bodies
VI.update(
    {
        "upload.risks": "Tệp này sẽ làm hỏng kế hoạch, nên chưa thể nhập bình thường:",
        "upload.risk.no_lead_column": (
            "dòng tiêu đề không có cột cơ quan chủ trì: mọi nhiệm vụ sẽ không có cơ quan chủ trì. "
            "Tiêu đề đọc được: {header}"
        ),
        "upload.risk.misaligned": (
            "các ô không khớp với dòng tiêu đề ({count}/{total} dòng thừa hoặc thiếu ô). Tiêu đề đọc được: {header}"
        ),
        "upload.risk.removes_tasks": "{count}/{total} nhiệm vụ của kế hoạch sẽ bị bỏ",
        "upload.risk.removes_leads": "{count}/{total} nhiệm vụ sẽ mất cơ quan chủ trì",
        "upload.risk.removes_timeframes": "{count}/{total} nhiệm vụ sẽ mất thời gian thực hiện đọc được",
        "upload.force": "⚠️ Vẫn nhập",
        "upload.refused_risks": "Không nhập “{name}”: kế hoạch đã thay đổi và tệp này nay sẽ làm hỏng nó. Chưa lưu gì.",
        "export.by.sheet": "Theo cơ quan",
        "export.by.agency": "Cơ quan",
        "export.by.leads": "Chủ trì",
        "export.by.due": "Đến hạn năm nay",
        "export.by.done": "Hoàn thành",
        "export.by.in_progress": "Đang làm",
        "export.by.blocked": "Vướng mắc",
        "export.by.open": "Chưa làm",
        "export.by.overdue": "Quá hạn",
        "export.by.ongoing": "Thường xuyên",
        "export.by.coordinating": "Phối hợp",
        "list.coordinating": "Nhiệm vụ {scope} phối hợp (cơ quan khác chủ trì)",
        "list.coordinating_note": (
            "Ngoài ra {scope} phối hợp {count} nhiệm vụ do cơ quan khác chủ trì: gõ /coordinating để xem."
        ),
        "list.coordinating_button": "🤝 Phối hợp ({count})",
        "scope.link_first": (
            "Anh/chị chưa liên kết với cơ quan nào nên bot chưa biết “nhiệm vụ của tôi” là của cơ quan nào. "
            "Gõ /link kèm mã mời do đầu mối điều phối gửi, hoặc /link Sở Y tế để xin liên kết. "
            "Trong lúc chờ, có thể hỏi theo tên cơ quan: nhiệm vụ của Sở Y tế."
        ),
        "agency.now": "{old} (nay: {new})",
        "agency.succeeded": "{old} nay là {new}.",
        "agency.succeeded_partial": "{old} nay là {new} (một phần: {note}).",
        "task.role.lead": "chủ trì",
        "task.role.coordinator": "phối hợp",
        "task.lead_not_reported": "Cơ quan chủ trì chưa báo cáo tiến độ.",
        "summary.line": (
            "Chủ trì {leads} nhiệm vụ · đến hạn năm nay {due}\n"
            "✅ {done} · 🔄 {in_progress} · ⛔ {blocked} · ⚠️ quá hạn {overdue} · thường xuyên {ongoing}\n"
            "Phối hợp (cơ quan khác chủ trì): {coordinating}"
        ),
        "summary.agency_line": "{agency}: chủ trì {leads} · đến hạn {due} · ✅ {done} · ⚠️ {overdue}",
        "fixes.successions": "Kế thừa cần xác nhận (nhiệm vụ đã chia cho nhiều cơ quan):",
        "fixes.succession_line": "{old} → {new}: {tasks} nhiệm vụ ({note}). Xác nhận: /merge {old} => {new}",
    }
)
EN.update(
    {
        "upload.risks": "This file would damage the plan, so it cannot be imported as usual:",
        "upload.risk.no_lead_column": (
            "the header has no lead agency column: no task would have a lead. Header read: {header}"
        ),
        "upload.risk.misaligned": (
            "the cells do not line up with the header ({count}/{total} rows with cells beyond it or missing). "
            "Header read: {header}"
        ),
        "upload.risk.removes_tasks": "{count}/{total} of the plan's tasks would be removed",
        "upload.risk.removes_leads": "{count}/{total} tasks would lose their lead agency",
        "upload.risk.removes_timeframes": "{count}/{total} tasks would lose their readable timeframe",
        "upload.force": "⚠️ Import anyway",
        "upload.refused_risks": "“{name}” was not imported: the plan changed and the file would now damage it. "
        "Nothing was saved.",
        "export.by.sheet": "By agency",
        "export.by.agency": "Agency",
        "export.by.leads": "Leads",
        "export.by.due": "Due this year",
        "export.by.done": "Done",
        "export.by.in_progress": "In progress",
        "export.by.blocked": "Blocked",
        "export.by.open": "Not started",
        "export.by.overdue": "Overdue",
        "export.by.ongoing": "Ongoing",
        "export.by.coordinating": "Coordinating",
        "list.coordinating": "Tasks {scope} coordinates (another agency leads)",
        "list.coordinating_note": (
            "{scope} also coordinates {count} task{s} led by other agencies: type /coordinating to list them."
        ),
        "list.coordinating_button": "🤝 Coordinating ({count})",
        "scope.link_first": (
            "You are not linked to an agency yet, so the bot does not know whose tasks are yours. "
            "Type /link with the invitation code a coordinator gave you, or /link Sở Y tế to ask for a link. "
            "Meanwhile you can ask by agency: tasks of Sở Y tế."
        ),
        "agency.now": "{old} (now {new})",
        "agency.succeeded": "{old} is now {new}.",
        "agency.succeeded_partial": "{old} is now {new} (in part: {note}).",
        "task.role.lead": "lead",
        "task.role.coordinator": "coordinating",
        "task.lead_not_reported": "The lead agency has not reported yet.",
        "summary.line": (
            "Leads {leads} tasks · due this year {due}\n"
            "✅ {done} · 🔄 {in_progress} · ⛔ {blocked} · ⚠️ overdue {overdue} · ongoing {ongoing}\n"
            "Coordinating (another agency leads): {coordinating}"
        ),
        "summary.agency_line": "{agency}: leads {leads} · due {due} · ✅ {done} · ⚠️ {overdue}",
        "fixes.successions": "Successions to confirm (the duties were split):",
        "fixes.succession_line": "{old} → {new}: {tasks} tasks ({note}). To confirm: /merge {old} => {new}",
    }
)

# -- the dashboard (/web, bot/core/web_answers.py)
VI.update(
    {
        "web.link": (
            "Bảng điều khiển: {url}\n"
            "Đường dẫn đăng nhập này chỉ dùng được một lần, trong {minutes} phút; đừng chuyển cho người khác. "
            "Gõ /web để lấy đường dẫn mới."
        ),
        "web.open": "📊 Mở bảng điều khiển",
        "web.group": "Gõ /web trong cuộc trò chuyện riêng với bot: đường dẫn đăng nhập không gửi vào nhóm.",
        "web.unlinked": (
            "Bảng điều khiển cho thấy nhiệm vụ của cơ quan anh/chị. Anh/chị chưa liên kết với cơ quan nào: gõ /link."
        ),
        "web.off": "Bảng điều khiển chưa được bật trên máy chủ này (WEB_ENABLED).",
        "cmd.web": "Mở bảng điều khiển trên web",
    }
)
EN.update(
    {
        "web.link": (
            "Dashboard: {url}\n"
            "This login link works once, within {minutes} minutes; do not pass it on. Type /web for a new one."
        ),
        "web.open": "📊 Open the dashboard",
        "web.group": "Type /web in your private chat with the bot: login links are not sent to groups.",
        "web.unlinked": "The dashboard shows your agency's tasks. You are not linked to an agency yet: type /link.",
        "web.off": "The dashboard is not turned on on this server (WEB_ENABLED).",
        "cmd.web": "Open the dashboard on the web",
    }
)

# -- progress charts, exports in the chat, the year's report, yearly results (issue 16)
VI.update(
    {
        "progress.title": "Tiến độ năm {year} · {scope}",
        "progress.agencies": "Theo cơ quan chủ trì (nhiều quá hạn trước)",
        "progress.sections": "Theo mục của kế hoạch",
        "progress.versus": "{agency} so với trung bình kế hoạch",
        "progress.compared": "{agency} và {other}",
        "progress.average": "Trung bình các cơ quan",
        "progress.others": "{count} cơ quan khác",
        "progress.bucket.done": "Hoàn thành",
        "progress.bucket.in_progress": "Đang làm",
        "progress.bucket.blocked": "Vướng mắc",
        "progress.bucket.not_started": "Chưa làm",
        "progress.bucket.overdue": "Quá hạn",
        "progress.tasks": "Số nhiệm vụ chủ trì (đến hạn trong năm hoặc quá hạn)",
        "progress.percent": "% nhiệm vụ chủ trì",
        "progress.caption": (
            "<b>{title}</b>\n{total} nhiệm vụ · ✅ {done} · 🔄 {in_progress} · ⛔ {blocked} · ⬜ {not_started} · "
            "⚠️ quá hạn {overdue}\nGõ /summary để xem chi tiết, /export để tải tệp Excel."
        ),
        "progress.legend": "✅ hoàn thành · 🔄 đang làm · ⛔ vướng mắc · ⬜ chưa làm · ⚠️ quá hạn",
        "progress.line": "{label}: ✅{done} 🔄{in_progress} ⛔{blocked} ⬜{not_started} ⚠️{overdue}",
        "progress.more": "… và {count} cơ quan khác: ✅{done} 🔄{in_progress} ⛔{blocked} ⬜{not_started} ⚠️{overdue}",
        "progress.empty": "Chưa có nhiệm vụ nào đến hạn năm {year} để vẽ biểu đồ.",
        "export.chat.caption": "📎 {name} · {scope}",
        "export.chat.usage": "Dùng: /export xlsx, /export csv hoặc /export ics (có thể thêm tên kế hoạch).",
        "export.chat.unlinked": "Anh/chị cần liên kết với một cơ quan để tải tệp của cơ quan mình. Gõ /link.",
        "export.chat.too_big": "Tệp {name} quá lớn để gửi trong chat; điều phối viên có thể chạy: agencybot export.",
        "export.chat.none": "Không có tệp nào để xuất.",
        "export.chat.no_files": (
            "Zalo chưa gửi được tệp. Để lấy tệp {format} của {scope}: mở bot trên Telegram và gõ "
            "<code>/export {format}</code>, hoặc nhờ điều phối viên chạy lệnh "
            "<code>agencybot export --plan {plan} --format {format}</code>."
        ),
        "report.usage": "Dùng: /report hoặc /report 2026 (năm báo cáo).",
        "report.caption": "📄 Dự thảo báo cáo năm {year} · {plan}: {tasks} nhiệm vụ, {late} chậm, {results} kết quả.",
        "report.national": "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "report.motto": "Độc lập - Tự do - Hạnh phúc",
        "report.office": "{office}",
        "report.office_default": "CƠ QUAN ĐIỀU PHỐI",
        "report.number": "Số:      /BC-{plan}",
        "report.place_date": "{place}, ngày {day} tháng {month} năm {year}",
        "report.kind": "BÁO CÁO",
        "report.title": "Kết quả thực hiện {plan_title} năm {year}",
        "report.period": "Kỳ báo cáo: từ ngày 01/01/{year} đến ngày {today}.",
        "report.section.overview": "I. TÌNH HÌNH CHUNG",
        "report.section.tasks": "II. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ",
        "report.section.late": "III. NHIỆM VỤ CHẬM TIẾN ĐỘ, VƯỚNG MẮC",
        "report.section.next": "IV. ĐỀ XUẤT, KIẾN NGHỊ",
        "report.overview": (
            "Kế hoạch có {tasks} nhiệm vụ; trong năm {year} có {total} nhiệm vụ đến hạn hoặc quá hạn: "
            "{done} hoàn thành, {in_progress} đang thực hiện, {blocked} vướng mắc, {not_started} chưa thực hiện, "
            "{overdue} quá hạn."
        ),
        "report.col.stt": "STT",
        "report.col.task": "Nhiệm vụ",
        "report.col.leads": "Cơ quan chủ trì",
        "report.col.status": "Tình trạng theo cơ quan",
        "report.col.notes": "Ghi chú, kết quả",
        "report.col.timeframe": "Thời gian",
        "report.col.reason": "Lý do (vướng mắc)",
        "report.no_status": "chưa báo cáo",
        "report.silent_count": "{count} cơ quan chưa báo cáo",
        "report.part": "Mục {numeral}. {title}",
        "report.result": "Kết quả năm {year} ({agency}): {text}",
        "report.no_late": "Không có nhiệm vụ chậm tiến độ hoặc vướng mắc.",
        "report.no_reason": "chưa nêu lý do",
        "report.next": "(Cơ quan điều phối bổ sung đề xuất, kiến nghị.)",
        "report.recipients": "Nơi nhận:\n- UBND tỉnh (để báo cáo);\n- Các sở, ban, ngành liên quan;\n- Lưu: VT.",
        "report.signature": "THỦ TRƯỞNG CƠ QUAN",
        "result.ask": (
            "📝 <b>Kết quả thực hiện năm {year}</b>\n{agency} chủ trì {count} nhiệm vụ của kế hoạch {plan} "
            "chưa có kết quả năm {year} (hạn báo cáo {due}):\n{tasks}\n"
            "Trả lời mỗi nhiệm vụ một dòng: <code>/result III.9 nội dung kết quả</code>"
        ),
        "result.usage": "Dùng: /result III.9 kết quả thực hiện trong năm (một dòng). Coi kết quả: /task III.9",
        "result.saved": "Đã lưu kết quả năm {year} của {agency} cho {code}: {text}",
        "result.not_lead": "Chỉ cơ quan chủ trì nhiệm vụ {code} mới ghi kết quả năm được.",
        "summary.facts": "Cần chú ý:",
        "summary.fact.overdue": "⚠️ Nhiều quá hạn nhất: {agencies}",
        "summary.fact.blocked": "⛔ Vướng mắc ({count}): {tasks}",
        "summary.fact.silent": "🔕 Chưa phản hồi nhắc việc ({count}): {agencies}",
        "summary.fact.none": "không có",
        "summary.details": "Chi tiết:",
        "cmd.progress": "Biểu đồ tiến độ",
        "cmd.export": "Xuất Excel, CSV, lịch: /export xlsx",
        "cmd.report": "Dự thảo báo cáo năm (điều phối viên)",
        "cmd.result": "Kết quả năm: /result III.9 nội dung",
    }
)
EN.update(
    {
        "progress.title": "Progress in {year} · {scope}",
        "progress.agencies": "By lead agency (most overdue first)",
        "progress.sections": "By section of the plan",
        "progress.versus": "{agency} against the plan's average",
        "progress.compared": "{agency} and {other}",
        "progress.average": "Average of the agencies",
        "progress.others": "{count} other agencies",
        "progress.bucket.done": "Done",
        "progress.bucket.in_progress": "In progress",
        "progress.bucket.blocked": "Blocked",
        "progress.bucket.not_started": "Not started",
        "progress.bucket.overdue": "Overdue",
        "progress.tasks": "Lead tasks (due in the year or overdue)",
        "progress.percent": "% of lead tasks",
        "progress.caption": (
            "<b>{title}</b>\n{total} tasks · ✅ {done} · 🔄 {in_progress} · ⛔ {blocked} · ⬜ {not_started} · "
            "⚠️ overdue {overdue}\nType /summary for details, /export for the Excel file."
        ),
        "progress.legend": "✅ done · 🔄 in progress · ⛔ blocked · ⬜ not started · ⚠️ overdue",
        "progress.line": "{label}: ✅{done} 🔄{in_progress} ⛔{blocked} ⬜{not_started} ⚠️{overdue}",
        "progress.more": (
            "… and {count} other agencies: ✅{done} 🔄{in_progress} ⛔{blocked} ⬜{not_started} ⚠️{overdue}"
        ),
        "progress.empty": "No task is due in {year}: nothing to chart.",
        "export.chat.caption": "📎 {name} · {scope}",
        "export.chat.usage": "Use: /export xlsx, /export csv or /export ics (optionally with a plan's name).",
        "export.chat.unlinked": "Link to an agency first to get your agency's file. Type /link.",
        "export.chat.too_big": "The file {name} is too big for the chat; a coordinator can run: agencybot export.",
        "export.chat.none": "There is no file to export.",
        "export.chat.no_files": (
            "Zalo cannot send files yet. To get the {format} file of {scope}: open the bot on Telegram and type "
            "<code>/export {format}</code>, or ask a coordinator to run "
            "<code>agencybot export --plan {plan} --format {format}</code>."
        ),
        "report.usage": "Use: /report or /report 2026 (the year reported on).",
        "report.caption": "📄 Draft report for {year} · {plan}: {tasks} tasks, {late} late, {results} results.",
        "report.national": "SOCIALIST REPUBLIC OF VIETNAM",
        "report.motto": "Independence - Freedom - Happiness",
        "report.office": "{office}",
        "report.office_default": "COORDINATING OFFICE",
        "report.number": "No.:      /BC-{plan}",
        "report.place_date": "{place}, {day}/{month}/{year}",
        "report.kind": "REPORT",
        "report.title": "Implementation of {plan_title} in {year}",
        "report.period": "Period: from 01/01/{year} to {today}.",
        "report.section.overview": "I. OVERVIEW",
        "report.section.tasks": "II. RESULTS BY TASK",
        "report.section.late": "III. LATE AND BLOCKED TASKS",
        "report.section.next": "IV. PROPOSALS",
        "report.overview": (
            "The plan has {tasks} tasks; in {year}, {total} were due or overdue: {done} done, "
            "{in_progress} in progress, {blocked} blocked, {not_started} not started, {overdue} overdue."
        ),
        "report.col.stt": "No.",
        "report.col.task": "Task",
        "report.col.leads": "Lead agencies",
        "report.col.status": "Status by agency",
        "report.col.notes": "Notes, results",
        "report.col.timeframe": "Timeframe",
        "report.col.reason": "Reason (blocked)",
        "report.no_status": "not reported",
        "report.silent_count": "{count} agencies not reported",
        "report.part": "Section {numeral}. {title}",
        "report.result": "Result {year} ({agency}): {text}",
        "report.no_late": "No task is late or blocked.",
        "report.no_reason": "no reason given",
        "report.next": "(The coordinating office adds its proposals.)",
        "report.recipients": (
            "To:\n- Provincial People's Committee (for reporting);\n- Departments concerned;\n- Archive."
        ),
        "report.signature": "HEAD OF OFFICE",
        "result.ask": (
            "📝 <b>Results of {year}</b>\n{agency} leads {count} task{s} of plan {plan} without a result for {year} "
            "(report due {due}):\n{tasks}\nAnswer one line per task: <code>/result III.9 what was achieved</code>"
        ),
        "result.usage": "Use: /result III.9 what was achieved this year (one line). See it: /task III.9",
        "result.saved": "Saved the {year} result of {agency} for {code}: {text}",
        "result.not_lead": "Only the lead agencies of task {code} can record its yearly result.",
        "summary.facts": "To act on:",
        "summary.fact.overdue": "⚠️ Most overdue: {agencies}",
        "summary.fact.blocked": "⛔ Blocked ({count}): {tasks}",
        "summary.fact.silent": "🔕 Have not answered reminders ({count}): {agencies}",
        "summary.fact.none": "none",
        "summary.details": "Details:",
        "cmd.progress": "Progress chart",
        "cmd.export": "Export Excel, CSV, calendar: /export xlsx",
        "cmd.report": "Draft yearly report (coordinators)",
        "cmd.result": "Yearly result: /result III.9 text",
    }
)

CATALOGUE = {"vi": VI, "en": EN}


class Texts:
    """The catalogue in one language: ``texts("list.due", year=2026, scope=name)``."""

    def __init__(self, language: str):
        self.language = language if language in CATALOGUE else DEFAULT_LANGUAGE
        self._messages = CATALOGUE[self.language]

    def __contains__(self, key: object) -> bool:
        return key in self._messages

    def __call__(self, key: str, **values: object) -> Html:
        filled = {name: esc(value) for name, value in values.items()}
        count = values.get("count")
        if isinstance(count, int):
            # English agrees with the number ("1 task", "2 tasks"); Vietnamese needs nothing.
            one = count == 1
            filled = {"s": "" if one else "s", "are": "is" if one else "are", "have": "has" if one else "have"} | filled
        return Html(self._messages[key].format(**filled))


def choose_language(chosen: str | None, reported: str | None) -> str:
    """The user's own choice first, then English for English apps, else Vietnamese."""
    if chosen in CATALOGUE:
        return chosen
    if reported and reported.lower().startswith("en"):
        return "en"
    return DEFAULT_LANGUAGE
