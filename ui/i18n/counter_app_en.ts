<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en_US">
<context>
    <name />
    <message>
        <location filename="../actions.py" line="34" />
        <source>{0} — {1}</source>
        <translation>{0} — {1}</translation>
    </message>
    <message>
        <location filename="../actions.py" line="43" />
        <location filename="../sync_panel.py" line="386" />
        <location filename="../sync_panel.py" line="400" />
        <source>Lý do:</source>
        <translation>Reason:</translation>
    </message>
    <message>
        <location filename="../actions.py" line="46" />
        <source>Ví dụ: Lệ phí trước bạ</source>
        <translation>For example: registration fee</translation>
    </message>
    <message>
        <location filename="../actions.py" line="48" />
        <source>Số tiền (đồng), ví dụ 150000</source>
        <translation>Amount (VND), for example 150000</translation>
    </message>
    <message>
        <location filename="../actions.py" line="49" />
        <source>Nội dung nghĩa vụ tài chính:</source>
        <translation>Financial obligation:</translation>
    </message>
    <message>
        <location filename="../actions.py" line="50" />
        <source>Số tiền (đồng):</source>
        <translation>Amount (VND):</translation>
    </message>
    <message>
        <location filename="../actions.py" line="54" />
        <source>dd/MM/yyyy (không bắt buộc)</source>
        <translation>dd/MM/yyyy (optional)</translation>
    </message>
    <message>
        <location filename="../actions.py" line="55" />
        <source>Số biên lai, chứng từ nộp tiền:</source>
        <translation>Receipt number:</translation>
    </message>
    <message>
        <location filename="../actions.py" line="60" />
        <source>Mỗi dòng một giấy tờ cần bổ sung</source>
        <translation>One missing document per line</translation>
    </message>
    <message>
        <location filename="../actions.py" line="62" />
        <source>Giấy tờ cần bổ sung:</source>
        <translation>Documents to supplement:</translation>
    </message>
    <message>
        <location filename="../actions.py" line="64" />
        <source>Số điện thoại hướng dẫn:</source>
        <translation>Help line phone number:</translation>
    </message>
    <message>
        <location filename="../actions.py" line="67" />
        <source>Cơ quan giải quyết:</source>
        <translation>Resolving agency:</translation>
    </message>
    <message>
        <location filename="../actions.py" line="70" />
        <location filename="../actions.py" line="87" />
        <source>Số hiệu bưu gửi:</source>
        <translation>Postal tracking number:</translation>
    </message>
    <message>
        <location filename="../actions.py" line="73" />
        <source>Người nộp hồ sơ</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <location filename="../actions.py" line="74" />
        <source>Người được ủy quyền</source>
        <translation>Authorised person</translation>
    </message>
    <message>
        <location filename="../actions.py" line="78" />
        <source>Tại quầy</source>
        <translation>At the counter</translation>
    </message>
    <message>
        <location filename="../actions.py" line="79" />
        <location filename="../intake_form.py" line="96" />
        <location filename="../intake_form.py" line="99" />
        <source>Qua dịch vụ bưu chính công ích</source>
        <translation>By public postal service</translation>
    </message>
    <message>
        <location filename="../actions.py" line="83" />
        <source>Người nhận kết quả:</source>
        <translation>Result collected by:</translation>
    </message>
    <message>
        <location filename="../actions.py" line="84" />
        <source>Họ và tên người được ủy quyền:</source>
        <translation>Authorised person's full name:</translation>
    </message>
    <message>
        <location filename="../actions.py" line="85" />
        <source>Số định danh người được ủy quyền:</source>
        <translation>Authorised person's ID number:</translation>
    </message>
    <message>
        <location filename="../actions.py" line="86" />
        <source>Hình thức trả:</source>
        <translation>Return method:</translation>
    </message>
    <message>
        <location filename="../actions.py" line="93" />
        <source>Ngày hẹn trả mới:</source>
        <translation>New due date:</translation>
    </message>
    <message>
        <location filename="../actions.py" line="99" />
        <source>Giấy tờ nhận bổ sung:</source>
        <translation>Supplement documents received:</translation>
    </message>
    <message>
        <location filename="../actions.py" line="102" />
        <location filename="../close_day.py" line="74" />
        <location filename="../intake_form.py" line="110" />
        <source>Ghi chú:</source>
        <translation>Note:</translation>
    </message>
    <message>
        <location filename="../actions.py" line="103" />
        <location filename="../fee_dialog.py" line="45" />
        <source>Ghi nhận</source>
        <translation>Record</translation>
    </message>
    <message>
        <location filename="../actions.py" line="185" />
        <source>Gia hạn theo quy định / thỏa thuận</source>
        <translation>Lawful / agreed extension</translation>
    </message>
    <message>
        <location filename="../actions.py" line="191" />
        <source>Đính kèm bản quét kết quả (Ctrl+K)</source>
        <translation>Attach the result's scan (Ctrl+K)</translation>
    </message>
    <message>
        <location filename="../accounts_dialog.py" line="20" />
        <source>Cán bộ tiếp nhận</source>
        <translation>Intake clerk</translation>
    </message>
    <message>
        <location filename="../accounts_dialog.py" line="20" />
        <source>Giám sát viên</source>
        <translation>Supervisor</translation>
    </message>
    <message>
        <location filename="../accounts_dialog.py" line="21" />
        <source>Tên đăng nhập</source>
        <translation>User name</translation>
    </message>
    <message>
        <location filename="../accounts_dialog.py" line="21" />
        <source>Họ và tên</source>
        <translation>Full name</translation>
    </message>
    <message>
        <location filename="../accounts_dialog.py" line="21" />
        <source>Vai trò</source>
        <translation>Role</translation>
    </message>
    <message>
        <location filename="../accounts_dialog.py" line="21" />
        <source>Đăng nhập gần nhất</source>
        <translation>Last sign-in</translation>
    </message>
    <message>
        <location filename="../accounts_dialog.py" line="45" />
        <location filename="../actions.py" line="103" />
        <location filename="../extension_dialog.py" line="62" />
        <location filename="../fee_dialog.py" line="45" />
        <location filename="../result_scan_dialog.py" line="53" />
        <location filename="../scanning/settings_dialog.py" line="49" />
        <source>Hủy</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../accounts_dialog.py" line="72" />
        <location filename="../calendar_dialog.py" line="168" />
        <location filename="../settings_dialog.py" line="144" />
        <source>Không lưu được: {0}</source>
        <translation>Could not save: {0}</translation>
    </message>
    <message>
        <location filename="../accounts_dialog.py" line="79" />
        <source>Mật khẩu mới (&amp;M):</source>
        <translation>&amp;New password:</translation>
    </message>
    <message>
        <location filename="../accounts_dialog.py" line="80" />
        <source>Nhập lại mật khẩu mới (&amp;N):</source>
        <translation>Repeat the &amp;new password:</translation>
    </message>
    <message>
        <location filename="../accounts_dialog.py" line="89" />
        <source>Hai lần nhập mật khẩu mới không khớp nhau.</source>
        <translation>The two new passwords do not match.</translation>
    </message>
    <message>
        <location filename="../accounts_dialog.py" line="97" />
        <source>Đổi mật khẩu</source>
        <translation>Change password</translation>
    </message>
    <message>
        <location filename="../accounts_dialog.py" line="99" />
        <source>Mật khẩu hiện tại (&amp;H):</source>
        <translation>&amp;Current password:</translation>
    </message>
    <message>
        <location filename="../accounts_dialog.py" line="106" />
        <source>Hãy nhập mật khẩu hiện tại.</source>
        <translation>Enter the current password.</translation>
    </message>
    <message>
        <location filename="../accounts_dialog.py" line="116" />
        <source>Thêm tài khoản</source>
        <translation>Add account</translation>
    </message>
    <message>
        <location filename="../accounts_dialog.py" line="116" />
        <source>Thêm</source>
        <translation>Add</translation>
    </message>
    <message>
        <location filename="../accounts_dialog.py" line="122" />
        <source>Tên đăng nhập (&amp;T):</source>
        <translation>&amp;User name:</translation>
    </message>
    <message>
        <location filename="../accounts_dialog.py" line="123" />
        <source>Họ và tên (&amp;O):</source>
        <translation>Full &amp;name:</translation>
    </message>
    <message>
        <location filename="../accounts_dialog.py" line="124" />
        <source>Vai trò (&amp;V):</source>
        <translation>&amp;Role:</translation>
    </message>
    <message>
        <location filename="../accounts_dialog.py" line="135" />
        <source>Hãy nhập họ và tên.</source>
        <translation>Enter the full name.</translation>
    </message>
    <message>
        <location filename="../accounts_dialog.py" line="146" />
        <source>Đặt lại mật khẩu cho {0}</source>
        <translation>Reset the password of {0}</translation>
    </message>
    <message>
        <location filename="../accounts_dialog.py" line="146" />
        <source>Đặt lại</source>
        <translation>Reset</translation>
    </message>
    <message>
        <location filename="../accounts_dialog.py" line="166" />
        <source>Quản lý tài khoản</source>
        <translation>Manage accounts</translation>
    </message>
    <message>
        <location filename="../accounts_dialog.py" line="176" />
        <source>&amp;Thêm…</source>
        <translation>&amp;Add…</translation>
    </message>
    <message>
        <location filename="../accounts_dialog.py" line="177" />
        <location filename="../accounts_dialog.py" line="229" />
        <source>&amp;Vô hiệu hóa</source>
        <translation>&amp;Disable</translation>
    </message>
    <message>
        <location filename="../accounts_dialog.py" line="178" />
        <source>Đặt &amp;lại mật khẩu…</source>
        <translation>&amp;Reset password…</translation>
    </message>
    <message>
        <location filename="../accounts_dialog.py" line="179" />
        <source>Đó&amp;ng</source>
        <translation>&amp;Close</translation>
    </message>
    <message>
        <location filename="../accounts_dialog.py" line="208" />
        <source>Đang hoạt động</source>
        <translation>Active</translation>
    </message>
    <message>
        <location filename="../accounts_dialog.py" line="208" />
        <source>Đã vô hiệu hóa</source>
        <translation>Disabled</translation>
    </message>
    <message>
        <location filename="../accounts_dialog.py" line="229" />
        <source>&amp;Kích hoạt</source>
        <translation>&amp;Enable</translation>
    </message>
    <message>
        <location filename="../accounts_dialog.py" line="232" />
        <location filename="../sync_adapter.py" line="51" />
        <source>Lỗi: {0}</source>
        <translation>Error: {0}</translation>
    </message>
    <message>
        <location filename="../accounts_dialog.py" line="239" />
        <source>Đã thêm tài khoản {0}.</source>
        <translation>Account {0} added.</translation>
    </message>
    <message>
        <location filename="../accounts_dialog.py" line="250" />
        <source>Đã đặt lại mật khẩu cho {0}.</source>
        <translation>Password of {0} reset.</translation>
    </message>
    <message>
        <location filename="../accounts_dialog.py" line="260" />
        <source>Vô hiệu hóa tài khoản</source>
        <translation>Disable account</translation>
    </message>
    <message>
        <location filename="../accounts_dialog.py" line="261" />
        <source>Vô hiệu hóa tài khoản {0} ({1})? Người này sẽ không đăng nhập được nữa; các hồ sơ họ đã xử lý vẫn giữ tên họ.</source>
        <translation>Disable account {0} ({1})? This person will no longer be able to sign in; the dossiers they handled keep their name.</translation>
    </message>
    <message>
        <location filename="../accounts_dialog.py" line="269" />
        <source>Đã kích hoạt tài khoản {0}.</source>
        <translation>Account {0} enabled.</translation>
    </message>
    <message>
        <location filename="../accounts_dialog.py" line="270" />
        <source>Đã vô hiệu hóa tài khoản {0}.</source>
        <translation>Account {0} disabled.</translation>
    </message>
    <message>
        <location filename="../actions.py" line="159" />
        <location filename="../intake_form.py" line="304" />
        <location filename="../intake/outcome.py" line="157" />
        <location filename="../intake/outcome.py" line="172" />
        <source>• {0}</source>
        <translation>• {0}</translation>
    </message>
    <message>
        <location filename="../actions.py" line="161" />
        <location filename="../app.py" line="106" />
        <location filename="../close_day.py" line="33" />
        <location filename="../dashboard.py" line="130" />
        <location filename="../fee_dialog.py" line="62" />
        <location filename="../intake_form.py" line="414" />
        <location filename="../reports_tab.py" line="53" />
        <location filename="../result_scan_dialog.py" line="97" />
        <location filename="../scan_panel.py" line="399" />
        <location filename="../scorecard_view.py" line="210" />
        <location filename="../sync_panel.py" line="359" />
        <location filename="../sync_setup_dialog.py" line="236" />
        <location filename="../sync_setup_dialog.py" line="264" />
        <location filename="../tally_view.py" line="233" />
        <location filename="../scanning/dossier_mode.py" line="59" />
        <source>Lỗi không mong đợi: {0}</source>
        <translation>Unexpected error: {0}</translation>
    </message>
    <message>
        <location filename="../audit_view.py" line="18" />
        <source>Thời điểm</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../audit_view.py" line="18" />
        <location filename="../audit_view.py" line="29" />
        <source>Người thực hiện</source>
        <translation>Performed by</translation>
    </message>
    <message>
        <location filename="../audit_view.py" line="18" />
        <source>Thao tác</source>
        <translation>Action</translation>
    </message>
    <message>
        <location filename="../audit_view.py" line="18" />
        <source>Đối tượng</source>
        <translation>Object</translation>
    </message>
    <message>
        <location filename="../audit_view.py" line="18" />
        <source>Chi tiết</source>
        <translation>Details</translation>
    </message>
    <message>
        <location filename="../audit_view.py" line="25" />
        <source>Nhật ký kiểm tra</source>
        <translation>Audit log</translation>
    </message>
    <message>
        <location filename="../audit_view.py" line="31" />
        <source>Mọi thao tác</source>
        <translation>All actions</translation>
    </message>
    <message>
        <location filename="../audit_view.py" line="37" />
        <source>Lọc</source>
        <translation>Filter</translation>
    </message>
    <message>
        <location filename="../audit_view.py" line="38" />
        <source>Kiểm tra chuỗi băm</source>
        <translation>Verify hash chain</translation>
    </message>
    <message>
        <location filename="../audit_view.py" line="44" />
        <source>Từ</source>
        <translation>From</translation>
    </message>
    <message>
        <location filename="../audit_view.py" line="44" />
        <location filename="../ledger.py" line="453" />
        <source>đến</source>
        <translation>to</translation>
    </message>
    <message>
        <location filename="../audit_view.py" line="82" />
        <source>Chuỗi băm của nhật ký kiểm tra nguyên vẹn.</source>
        <translation>The audit log hash chain is intact.</translation>
    </message>
    <message>
        <location filename="../audit_view.py" line="84" />
        <source>Nhật ký đã bị sửa: mục đầu tiên sai là #{0}.</source>
        <translation>The log has been altered: the first bad entry is #{0}.</translation>
    </message>
    <message>
        <location filename="../charts.py" line="69" />
        <source>Chưa có số liệu</source>
        <translation>No data yet</translation>
    </message>
    <message>
        <location filename="../close_day.py" line="57" />
        <source>Nhập lại mật khẩu của bạn để ký xác nhận</source>
        <translation>Re-enter your password to sign</translation>
    </message>
    <message>
        <location filename="../close_day.py" line="59" />
        <location filename="../intake/outcome.py" line="67" />
        <source>Ghi chú (không bắt buộc)</source>
        <translation>Note (optional)</translation>
    </message>
    <message>
        <location filename="../close_day.py" line="60" />
        <source>Chốt số liệu ngày</source>
        <translation>Close the day's figures</translation>
    </message>
    <message>
        <location filename="../close_day.py" line="67" />
        <location filename="../close_day.py" line="182" />
        <source>Ngày:</source>
        <translation>Date:</translation>
    </message>
    <message>
        <location filename="../close_day.py" line="71" />
        <source>Ký xác nhận của giám sát viên</source>
        <translation>Supervisor sign-off</translation>
    </message>
    <message>
        <location filename="../close_day.py" line="73" />
        <source>Mật khẩu:</source>
        <translation>Password:</translation>
    </message>
    <message>
        <location filename="../close_day.py" line="79" />
        <source>&lt;b&gt;Tổng hợp cuối ngày của từng người tiếp nhận&lt;/b&gt; (số liệu của quầy này)</source>
        <translation>&lt;b&gt;End-of-day summary per clerk&lt;/b&gt; (figures of this counter)</translation>
    </message>
    <message>
        <location filename="../close_day.py" line="108" />
        <location filename="../ledger.py" line="39" />
        <source>Người tiếp nhận</source>
        <translation>Clerk</translation>
    </message>
    <message>
        <location filename="../close_day.py" line="109" />
        <source>(không rõ)</source>
        <translation>(unknown)</translation>
    </message>
    <message>
        <location filename="../close_day.py" line="110" />
        <location filename="../tally_view.py" line="278" />
        <source>Tổng cộng</source>
        <translation>Total</translation>
    </message>
    <message>
        <location filename="../close_day.py" line="138" />
        <source>Hãy nhập lại mật khẩu để ký xác nhận chốt ngày.</source>
        <translation>Re-enter your password to sign the day close.</translation>
    </message>
    <message>
        <location filename="../close_day.py" line="146" />
        <source>Đã chốt số liệu ngày {0}; mã kiểm tra {1}.</source>
        <translation>Day {0} closed; check code {1}.</translation>
    </message>
    <message>
        <location filename="../close_day.py" line="164" />
        <source>Khóa chung của xã (giống nhau ở mọi quầy, ít nhất 12 ký tự)</source>
        <translation>Commune shared key (same at every counter, at least 12 characters)</translation>
    </message>
    <message>
        <location filename="../close_day.py" line="165" />
        <source>Lưu khóa</source>
        <translation>Save key</translation>
    </message>
    <message>
        <location filename="../close_day.py" line="170" />
        <source>Xuất tệp dữ liệu ngày của quầy này…</source>
        <translation>Export this counter's day file…</translation>
    </message>
    <message>
        <location filename="../close_day.py" line="171" />
        <source>Nhập tệp dữ liệu của quầy khác…</source>
        <translation>Import another counter's data file…</translation>
    </message>
    <message>
        <location filename="../close_day.py" line="173" />
        <source>Khóa chung của xã</source>
        <translation>Commune shared key</translation>
    </message>
    <message>
        <location filename="../close_day.py" line="175" />
        <source>Mã khóa hiện tại:</source>
        <translation>Current key ID:</translation>
    </message>
    <message>
        <location filename="../close_day.py" line="179" />
        <source>Khóa mới:</source>
        <translation>New key:</translation>
    </message>
    <message>
        <location filename="../close_day.py" line="180" />
        <source>Trao đổi dữ liệu giữa các quầy</source>
        <translation>Data exchange between counters</translation>
    </message>
    <message>
        <location filename="../close_day.py" line="191" />
        <source>Các lần nhập gần đây:</source>
        <translation>Recent imports:</translation>
    </message>
    <message>
        <location filename="../close_day.py" line="204" />
        <source>(chưa nhập)</source>
        <translation>(not set)</translation>
    </message>
    <message>
        <location filename="../close_day.py" line="208" />
        <source>toàn bộ</source>
        <translation>all days</translation>
    </message>
    <message>
        <location filename="../close_day.py" line="209" />
        <source>{0}: quầy {1}, ngày {2}, {3} hồ sơ ({4} cập nhật, {5} bỏ qua)</source>
        <translation>{0}: counter {1}, date {2}, {3} dossiers ({4} updated, {5} skipped)</translation>
    </message>
    <message>
        <location filename="../close_day.py" line="215" />
        <source>Đã lưu khóa; mã khóa {0}.</source>
        <translation>Key saved; key ID {0}.</translation>
    </message>
    <message>
        <location filename="../close_day.py" line="221" />
        <source>Xuất tệp dữ liệu ngày</source>
        <translation>Export day file</translation>
    </message>
    <message>
        <location filename="../close_day.py" line="222" />
        <location filename="../close_day.py" line="237" />
        <source>Tệp dữ liệu quầy (*.json)</source>
        <translation>Counter data files (*.json)</translation>
    </message>
    <message>
        <location filename="../close_day.py" line="233" />
        <source>Đã ghi {0}: {1} hồ sơ.</source>
        <translation>Wrote {0}: {1} dossiers.</translation>
    </message>
    <message>
        <location filename="../close_day.py" line="237" />
        <source>Nhập tệp dữ liệu của quầy khác</source>
        <translation>Import another counter's data file</translation>
    </message>
    <message>
        <location filename="../close_day.py" line="249" />
        <source>Đã nhập dữ liệu quầy {0}: {1} hồ sơ (thêm {2}, cập nhật {3}, bỏ qua {4}).</source>
        <translation>Imported data from counter {0}: {1} dossiers ({2} added, {3} updated, {4} skipped).</translation>
    </message>
    <message>
        <location filename="../crash_dialog.py" line="23" />
        <source>Lỗi không mong đợi</source>
        <translation>Unexpected error</translation>
    </message>
    <message>
        <location filename="../crash_dialog.py" line="26" />
        <source>Đã xảy ra lỗi không mong đợi. Dữ liệu đã lưu không bị ảnh hưởng. Hãy sao chép chi tiết dưới đây gửi cho bộ phận hỗ trợ.</source>
        <translation>An unexpected error occurred. Saved data is not affected. Please copy the details below and send them to support.</translation>
    </message>
    <message>
        <location filename="../calendar_dialog.py" line="27" />
        <source>Thứ Hai</source>
        <translation>Monday</translation>
    </message>
    <message>
        <location filename="../calendar_dialog.py" line="27" />
        <source>Thứ Ba</source>
        <translation>Tuesday</translation>
    </message>
    <message>
        <location filename="../calendar_dialog.py" line="27" />
        <source>Thứ Tư</source>
        <translation>Wednesday</translation>
    </message>
    <message>
        <location filename="../calendar_dialog.py" line="27" />
        <source>Thứ Năm</source>
        <translation>Thursday</translation>
    </message>
    <message>
        <location filename="../calendar_dialog.py" line="27" />
        <source>Thứ Sáu</source>
        <translation>Friday</translation>
    </message>
    <message>
        <location filename="../calendar_dialog.py" line="27" />
        <source>Thứ Bảy</source>
        <translation>Saturday</translation>
    </message>
    <message>
        <location filename="../calendar_dialog.py" line="27" />
        <source>Chủ nhật</source>
        <translation>Sunday</translation>
    </message>
    <message>
        <location filename="../calendar_dialog.py" line="28" />
        <source>Ngày nghỉ</source>
        <translation>Day off</translation>
    </message>
    <message>
        <location filename="../calendar_dialog.py" line="28" />
        <source>Ngày làm bù</source>
        <translation>Make-up working day</translation>
    </message>
    <message>
        <location filename="../calendar_dialog.py" line="44" />
        <source>Lịch làm việc: ngày nghỉ, ngày làm bù</source>
        <translation>Office calendar: days off, make-up working days</translation>
    </message>
    <message>
        <location filename="../calendar_dialog.py" line="51" />
        <source>Ngày</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../calendar_dialog.py" line="51" />
        <source>Tên ngày</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../calendar_dialog.py" line="51" />
        <source>Căn cứ</source>
        <translation>Basis</translation>
    </message>
    <message>
        <location filename="../calendar_dialog.py" line="51" />
        <source>Văn bản, nguồn</source>
        <translation>Notice, source</translation>
    </message>
    <message>
        <location filename="../calendar_dialog.py" line="64" />
        <source>Bỏ khỏi lịch</source>
        <translation>Remove from the calendar</translation>
    </message>
    <message>
        <location filename="../calendar_dialog.py" line="70" />
        <source>Số, ngày của thông báo (ví dụ: Thông báo 123/TB-BNV ngày 01/08/2026)</source>
        <translation>Number and date of the notice (e.g. Thông báo 123/TB-BNV ngày 01/08/2026)</translation>
    </message>
    <message>
        <location filename="../calendar_dialog.py" line="71" />
        <source>&amp;Lưu ngày này</source>
        <translation>&amp;Save this day</translation>
    </message>
    <message>
        <location filename="../calendar_dialog.py" line="73" />
        <location filename="../crash_dialog.py" line="31" />
        <location filename="../ledger.py" line="293" />
        <location filename="../settings_dialog.py" line="91" />
        <location filename="../sync_panel.py" line="223" />
        <location filename="../sync_setup_dialog.py" line="143" />
        <source>Đóng</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../calendar_dialog.py" line="77" />
        <source>&amp;Năm:</source>
        <translation>&amp;Year:</translation>
    </message>
    <message>
        <location filename="../calendar_dialog.py" line="83" />
        <source>N&amp;gày:</source>
        <translation>D&amp;ate:</translation>
    </message>
    <message>
        <location filename="../calendar_dialog.py" line="84" />
        <source>Loạ&amp;i:</source>
        <translation>K&amp;ind:</translation>
    </message>
    <message>
        <location filename="../calendar_dialog.py" line="85" />
        <source>&amp;Tên ngày:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <location filename="../calendar_dialog.py" line="86" />
        <source>&amp;Căn cứ:</source>
        <translation>&amp;Basis:</translation>
    </message>
    <message>
        <location filename="../calendar_dialog.py" line="87" />
        <source>Hạn trả của hồ sơ đã nhận giữ nguyên; thay đổi áp dụng cho hồ sơ nhận từ nay.</source>
        <translation>Due dates already given stay; a change applies to dossiers received from now on.</translation>
    </message>
    <message>
        <location filename="../calendar_dialog.py" line="133" />
        <source>Năm {0} có {1} ngày nghỉ chỉ là ước tính, chưa có thông báo chính thức (tô màu cam). Khi có thông báo, chọn ngày, ghi căn cứ rồi lưu.</source>
        <translation>{0} has {1} days off that are only estimates, with no official notice yet (in orange). When the notice comes, pick the day, write its basis and save.</translation>
    </message>
    <message>
        <location filename="../calendar_dialog.py" line="137" />
        <source>Năm {0}: mọi ngày nghỉ, ngày làm bù đều đã có căn cứ.</source>
        <translation>{0}: every day off and make-up working day has its basis.</translation>
    </message>
    <message>
        <location filename="../crash_dialog.py" line="32" />
        <source>Sao chép chi tiết</source>
        <translation>Copy details</translation>
    </message>
    <message>
        <location filename="../dashboard.py" line="35" />
        <location filename="../dashboard.py" line="150" />
        <source>–</source>
        <translation>–</translation>
    </message>
    <message>
        <location filename="../dashboard.py" line="53" />
        <location filename="../dashboard.py" line="55" />
        <location filename="../online_view.py" line="108" />
        <source>Tiếp nhận</source>
        <translation>Received</translation>
    </message>
    <message>
        <location filename="../dashboard.py" line="53" />
        <location filename="../dashboard.py" line="55" />
        <source>Đã giải quyết</source>
        <translation>Resolved</translation>
    </message>
    <message>
        <location filename="../dashboard.py" line="53" />
        <source>Đã trả kết quả</source>
        <translation>Results returned</translation>
    </message>
    <message>
        <location filename="../dashboard.py" line="54" />
        <source>Đang quá hạn</source>
        <translation>Overdue now</translation>
    </message>
    <message>
        <location filename="../dashboard.py" line="54" />
        <location filename="../dashboard.py" line="56" />
        <source>Phí, lệ phí</source>
        <translation>Fees and charges</translation>
    </message>
    <message>
        <location filename="../dashboard.py" line="55" />
        <source>Trước và đúng hạn</source>
        <translation>Early or on time</translation>
    </message>
    <message>
        <location filename="../dashboard.py" line="56" />
        <location filename="../ledger.py" line="389" />
        <source>Đang giải quyết</source>
        <translation>In progress</translation>
    </message>
    <message>
        <location filename="../dashboard.py" line="70" />
        <source>Làm mới</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location filename="../dashboard.py" line="76" />
        <source>&lt;b&gt;Hôm nay&lt;/b&gt;</source>
        <translation>&lt;b&gt;Today&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../dashboard.py" line="77" />
        <source>&lt;b&gt;Tháng này&lt;/b&gt;</source>
        <translation>&lt;b&gt;This month&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../dashboard.py" line="88" />
        <source>Hồ sơ tiếp nhận theo ngày (tháng này)</source>
        <translation>Dossiers received per day (this month)</translation>
    </message>
    <message>
        <location filename="../dashboard.py" line="89" />
        <source>Tiếp nhận theo kênh (tháng này)</source>
        <translation>Intake by channel (this month)</translation>
    </message>
    <message>
        <location filename="../dashboard.py" line="90" />
        <source>Kết quả giải quyết (tháng này)</source>
        <translation>Resolution results (this month)</translation>
    </message>
    <message>
        <location filename="../dashboard.py" line="91" />
        <source>Hồ sơ đang quá hạn theo thủ tục (hiện tại)</source>
        <translation>Overdue dossiers by procedure (current)</translation>
    </message>
    <message>
        <location filename="../dashboard.py" line="139" />
        <source>Số liệu lúc {0}; hồ sơ đang giải quyết và quá hạn tính đến thời điểm này.</source>
        <translation>Figures as of {0}; in-progress and overdue dossiers counted up to this moment.</translation>
    </message>
    <message>
        <location filename="../dashboard.py" line="140" />
        <source>&lt;b&gt;Hôm nay, {0}&lt;/b&gt;</source>
        <translation>&lt;b&gt;Today, {0}&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../dashboard.py" line="141" />
        <source>&lt;b&gt;Tháng này, {0} – {1}&lt;/b&gt;</source>
        <translation>&lt;b&gt;This month, {0} – {1}&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../dashboard.py" line="157" />
        <source>Trước hạn</source>
        <translation>Early</translation>
    </message>
    <message>
        <location filename="../dashboard.py" line="157" />
        <source>Đúng hạn</source>
        <translation>On time</translation>
    </message>
    <message>
        <location filename="../dashboard.py" line="157" />
        <location filename="../ledger.py" line="123" />
        <source>Quá hạn</source>
        <translation>Late</translation>
    </message>
    <message>
        <location filename="../fee_dialog.py" line="17" />
        <source>Tiền mặt</source>
        <translation>Cash</translation>
    </message>
    <message>
        <location filename="../fee_dialog.py" line="17" />
        <source>Chuyển khoản</source>
        <translation>Bank transfer</translation>
    </message>
    <message>
        <location filename="../fee_dialog.py" line="17" />
        <source>Trực tuyến (Cổng DVCQG)</source>
        <translation>Online (National Public Service Portal)</translation>
    </message>
    <message>
        <location filename="../fee_dialog.py" line="18" />
        <source>Trực tuyến (cổng thanh toán của tỉnh)</source>
        <translation>Online (provincial payment portal)</translation>
    </message>
    <message>
        <location filename="../fee_dialog.py" line="18" />
        <source>Miễn</source>
        <translation>Exempt</translation>
    </message>
    <message>
        <location filename="../fee_dialog.py" line="28" />
        <source>Ghi nhận thu phí, lệ phí — {0}</source>
        <translation>Record fee payment — {0}</translation>
    </message>
    <message>
        <location filename="../fee_dialog.py" line="32" />
        <source> (đã thu)</source>
        <translation> (paid)</translation>
    </message>
    <message>
        <location filename="../fee_dialog.py" line="41" />
        <source>Khoản thu:</source>
        <translation>Fee item:</translation>
    </message>
    <message>
        <location filename="../fee_dialog.py" line="42" />
        <source>Hình thức:</source>
        <translation>Method:</translation>
    </message>
    <message>
        <location filename="../fee_dialog.py" line="43" />
        <source>Số biên lai điện tử:</source>
        <translation>E-receipt number:</translation>
    </message>
    <message>
        <location filename="../actions.py" line="56" />
        <location filename="../fee_dialog.py" line="44" />
        <source>Ngày biên lai:</source>
        <translation>Receipt date:</translation>
    </message>
    <message>
        <location filename="../idle_lock.py" line="34" />
        <source>Đã khóa màn hình</source>
        <translation>Screen locked</translation>
    </message>
    <message>
        <location filename="../idle_lock.py" line="40" />
        <source>Màn hình đã khóa do không sử dụng. Nhập mật khẩu của &lt;b&gt;{0}&lt;/b&gt; để tiếp tục, hoặc người dùng khác nhập tên đăng nhập và mật khẩu của mình để đổi người dùng.</source>
        <translation>The screen is locked after a period of inactivity. Enter the password of &lt;b&gt;{0}&lt;/b&gt; to continue, or another user enters their own user name and password to switch user.</translation>
    </message>
    <message>
        <location filename="../idle_lock.py" line="52" />
        <source>Mở khóa</source>
        <translation>Unlock</translation>
    </message>
    <message>
        <location filename="../idle_lock.py" line="108" />
        <source>Mật khẩu không đúng.</source>
        <translation>Incorrect password.</translation>
    </message>
    <message>
        <location filename="../login_dialog.py" line="20" />
        <location filename="../login_dialog.py" line="31" />
        <source>Đăng nhập</source>
        <translation>Log in</translation>
    </message>
    <message>
        <location filename="../login_dialog.py" line="22" />
        <source>&lt;b&gt;Ứng dụng một cửa&lt;/b&gt;</source>
        <translation>&lt;b&gt;One-Stop Counter&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../idle_lock.py" line="49" />
        <location filename="../login_dialog.py" line="29" />
        <source>Tên đăng nhập (&amp;U):</source>
        <translation>&amp;User name:</translation>
    </message>
    <message>
        <location filename="../idle_lock.py" line="50" />
        <location filename="../login_dialog.py" line="30" />
        <location filename="../setup_dialog.py" line="68" />
        <source>Mật khẩu (&amp;K):</source>
        <translation>&amp;Password:</translation>
    </message>
    <message>
        <location filename="../login_dialog.py" line="31" />
        <location filename="../setup_dialog.py" line="84" />
        <source>Thoát</source>
        <translation>Exit</translation>
    </message>
    <message>
        <location filename="../login_dialog.py" line="46" />
        <source>Đang mở dữ liệu…</source>
        <translation>Opening data…</translation>
    </message>
    <message>
        <location filename="../login_dialog.py" line="57" />
        <source>Hãy nhập tên đăng nhập.</source>
        <translation>Please enter your user name.</translation>
    </message>
    <message>
        <location filename="../idle_lock.py" line="99" />
        <location filename="../login_dialog.py" line="74" />
        <source>Không đăng nhập được: {0}</source>
        <translation>Could not log in: {0}</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="40" />
        <location filename="../main_window.py" line="132" />
        <source>Một cửa — {0}</source>
        <translation>One-Stop — {0}</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="45" />
        <source>Tiếp nhận hồ sơ (Ctrl+1)</source>
        <translation>Dossier intake (Ctrl+1)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="46" />
        <source>Sổ theo dõi hồ sơ (Ctrl+2)</source>
        <translation>Dossier register (Ctrl+2)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="48" />
        <source>Việc cần làm (Ctrl+3)</source>
        <translation>To-do (Ctrl+3)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="67" />
        <location filename="../session.py" line="92" />
        <source>Báo cáo (Ctrl+4)</source>
        <translation>Reports (Ctrl+4)</translation>
    </message>
    <message>
        <location filename="../about_dialog.py" line="32" />
        <source>Giới thiệu</source>
        <translation>About</translation>
    </message>
    <message>
        <location filename="../about_dialog.py" line="33" />
        <source>Một cửa — phần mềm tiếp nhận hồ sơ tại bộ phận một cửa cấp xã</source>
        <translation>One-stop — dossier intake software for commune one-stop counters</translation>
    </message>
    <message>
        <location filename="../about_dialog.py" line="38" />
        <source>Phiên bản:</source>
        <translation>Version:</translation>
    </message>
    <message>
        <location filename="../about_dialog.py" line="39" />
        <source>Lược đồ dữ liệu:</source>
        <translation>Data schema:</translation>
    </message>
    <message>
        <location filename="../about_dialog.py" line="39" />
        <source>phiên bản {0}</source>
        <translation>version {0}</translation>
    </message>
    <message>
        <location filename="../about_dialog.py" line="40" />
        <location filename="../main_window.py" line="82" />
        <source>Quầy {0} · {1}</source>
        <translation>Counter {0} · {1}</translation>
    </message>
    <message>
        <location filename="../about_dialog.py" line="40" />
        <source>Quầy:</source>
        <translation>Counter:</translation>
    </message>
    <message>
        <location filename="../about_dialog.py" line="41" />
        <source>Thư mục dữ liệu:</source>
        <translation>Data folder:</translation>
    </message>
    <message>
        <location filename="../about_dialog.py" line="43" />
        <source>Qt {0}, PySide6 {1}</source>
        <translation>Qt {0}, PySide6 {1}</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="90" />
        <source>Đồng bộ</source>
        <translation>Sync</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="91" />
        <source>Bảng đồng bộ…</source>
        <translation>Sync panel…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="92" />
        <source>Đồng bộ ngay</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <location filename="../accounts_dialog.py" line="20" />
        <location filename="../main_window.py" line="96" />
        <source>Quản trị</source>
        <translation>Administration</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="76" />
        <source>Hồ sơ trực tuyến (Ctrl+5)</source>
        <translation>Online dossiers (Ctrl+5)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="97" />
        <source>Nhật ký kiểm tra…</source>
        <translation>Audit log…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="98" />
        <source>Cài đặt trạm…</source>
        <translation>Station settings…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="99" />
        <source>Lịch làm việc (ngày nghỉ, làm bù)…</source>
        <translation>Office calendar (days off, make-up days)…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="101" />
        <source>&amp;Trợ giúp</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="103" />
        <source>&amp;Hướng dẫn sử dụng</source>
        <translation>&amp;User guide</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="104" />
        <source>&amp;Giới thiệu…</source>
        <translation>&amp;About…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="189" />
        <source>Hồ sơ chưa lưu</source>
        <translation>Unsaved dossier</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="190" />
        <source>Hồ sơ đang nhập ở thẻ Tiếp nhận chưa được lưu. Đóng chương trình sẽ bỏ các thông tin đã nhập.</source>
        <translation>The dossier being entered on the Intake tab has not been saved. Closing the program discards what was entered.</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="192" />
        <source>Đóng và bỏ hồ sơ đang nhập</source>
        <translation>Close and discard the dossier</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="193" />
        <source>Quay lại nhập tiếp</source>
        <translation>Go back and continue</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="226" />
        <source>Việc cần làm ({0}) (Ctrl+3)</source>
        <translation>To-do ({0}) (Ctrl+3)</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="235" />
        <source>Hồ sơ trực tuyến ({0}) (Ctrl+5)</source>
        <translation>Online dossiers ({0}) (Ctrl+5)</translation>
    </message>
    <message>
        <location filename="../print_preview.py" line="29" />
        <source>Mẫu 01 — Giấy tiếp nhận hồ sơ và hẹn trả kết quả</source>
        <translation>Form 01 — Dossier receipt and result appointment slip</translation>
    </message>
    <message>
        <location filename="../print_preview.py" line="30" />
        <source>Mẫu 02 — Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ</source>
        <translation>Form 02 — Request to supplement or complete the dossier</translation>
    </message>
    <message>
        <location filename="../print_preview.py" line="31" />
        <source>Mẫu 03 — Phiếu từ chối tiếp nhận giải quyết hồ sơ</source>
        <translation>Form 03 — Notice of refusal to accept the dossier</translation>
    </message>
    <message>
        <location filename="../print_preview.py" line="32" />
        <source>Mẫu 04 — Văn bản xin lỗi và đề nghị gia hạn</source>
        <translation>Form 04 — Letter of apology and request for extension</translation>
    </message>
    <message>
        <location filename="../print_preview.py" line="33" />
        <source>Mẫu 05 — Thông báo dừng giải quyết hồ sơ</source>
        <translation>Form 05 — Notice of suspension of dossier processing</translation>
    </message>
    <message>
        <location filename="../print_preview.py" line="34" />
        <source>Mẫu 06 — Phiếu kiểm soát quá trình giải quyết hồ sơ</source>
        <translation>Form 06 — Dossier processing control slip</translation>
    </message>
    <message>
        <location filename="../print_preview.py" line="35" />
        <source>Phiếu hẹn (máy in nhiệt 80 mm)</source>
        <translation>Appointment slip (80 mm thermal printer)</translation>
    </message>
    <message>
        <location filename="../print_preview.py" line="36" />
        <source>Văn bản thỏa thuận gia hạn (chứng thực)</source>
        <translation>Written extension agreement (certification)</translation>
    </message>
    <message>
        <location filename="../print_preview.py" line="149" />
        <source>Xem trước bản in — {0}</source>
        <translation>Print preview — {0}</translation>
    </message>
    <message>
        <location filename="../print_preview.py" line="158" />
        <location filename="../print_preview.py" line="193" />
        <location filename="../intake/outcome.py" line="132" />
        <source>Đang dựng bản in…</source>
        <translation>Rendering the print…</translation>
    </message>
    <message>
        <location filename="../print_preview.py" line="159" />
        <source>In… (Ctrl+P)</source>
        <translation>Print… (Ctrl+P)</translation>
    </message>
    <message>
        <location filename="../print_preview.py" line="160" />
        <source>Lưu PDF… (Ctrl+Shift+S)</source>
        <translation>Save PDF… (Ctrl+Shift+S)</translation>
    </message>
    <message>
        <location filename="../print_preview.py" line="161" />
        <source>In phiếu hẹn</source>
        <translation>Print appointment slip</translation>
    </message>
    <message>
        <location filename="../about_dialog.py" line="51" />
        <location filename="../help_view.py" line="78" />
        <location filename="../print_preview.py" line="162" />
        <location filename="../rating_window.py" line="118" />
        <source>Đóng (Esc)</source>
        <translation>Close (Esc)</translation>
    </message>
    <message>
        <location filename="../print_preview.py" line="168" />
        <source>Biểu mẫu:</source>
        <translation>Form:</translation>
    </message>
    <message>
        <location filename="../print_preview.py" line="209" />
        <source>{0} trang</source>
        <translation>{0} page(s)</translation>
    </message>
    <message>
        <location filename="../print_preview.py" line="218" />
        <source>Không dựng được bản in: {0}</source>
        <translation>Could not render the print: {0}</translation>
    </message>
    <message>
        <location filename="../print_preview.py" line="226" />
        <source>Lưu PDF</source>
        <translation>Save PDF</translation>
    </message>
    <message>
        <location filename="../print_preview.py" line="234" />
        <source>Đã lưu {0}</source>
        <translation>Saved {0}</translation>
    </message>
    <message>
        <location filename="../print_preview.py" line="265" />
        <source>Đang gửi tới máy in…</source>
        <translation>Sending to the printer…</translation>
    </message>
    <message>
        <location filename="../print_preview.py" line="269" />
        <source>Đã gửi {0} trang tới máy in.</source>
        <translation>Sent {0} page(s) to the printer.</translation>
    </message>
    <message>
        <location filename="../reports_tab.py" line="23" />
        <source>Cài đặt báo cáo</source>
        <translation>Report settings</translation>
    </message>
    <message>
        <location filename="../reports_tab.py" line="30" />
        <source>ví dụ: Văn phòng UBND tỉnh</source>
        <translation>e.g. Office of the Provincial People's Committee</translation>
    </message>
    <message>
        <location filename="../reports_tab.py" line="32" />
        <source>Lưu cài đặt</source>
        <translation>Save settings</translation>
    </message>
    <message>
        <location filename="../reports_tab.py" line="35" />
        <source>Cách tính kỳ báo cáo:</source>
        <translation>Reporting period mode:</translation>
    </message>
    <message>
        <location filename="../reports_tab.py" line="36" />
        <source>Đơn vị nhận báo cáo:</source>
        <translation>Report recipient:</translation>
    </message>
    <message>
        <location filename="../reports_tab.py" line="37" />
        <source>Người lập biểu:</source>
        <translation>Prepared by:</translation>
    </message>
    <message>
        <location filename="../reports_tab.py" line="51" />
        <source>Đã lưu cài đặt báo cáo.</source>
        <translation>Report settings saved.</translation>
    </message>
    <message>
        <location filename="../reports_tab.py" line="68" />
        <source>Tổng quan</source>
        <translation>Overview</translation>
    </message>
    <message>
        <location filename="../reports_tab.py" line="69" />
        <source>Thống kê và Biểu 06</source>
        <translation>Statistics and Report 06</translation>
    </message>
    <message>
        <location filename="../reports_tab.py" line="71" />
        <source>Chỉ số 766</source>
        <translation>766 indicators</translation>
    </message>
    <message>
        <location filename="../reports_tab.py" line="72" />
        <source>Chốt ngày</source>
        <translation>Close the day</translation>
    </message>
    <message>
        <location filename="../reports_tab.py" line="73" />
        <source>Liên quầy và cài đặt</source>
        <translation>Inter-counter and settings</translation>
    </message>
    <message>
        <location filename="../setup_dialog.py" line="20" />
        <source>Thiết lập trạm lần đầu</source>
        <translation>First-time station setup</translation>
    </message>
    <message>
        <location filename="../setup_dialog.py" line="23" />
        <source>Nhập thông tin đơn vị và tài khoản quản trị đầu tiên. Mã định danh đơn vị theo QCVN 102:2016/BTTTT, ví dụ 000.00.06.H56. Mỗi máy tiếp nhận dùng một số quầy (0–9) khác nhau.</source>
        <translation>Enter the agency details and the first administrator account. Agency ID code per QCVN 102:2016/BTTTT, e.g. 000.00.06.H56. Each intake computer uses a different counter number (0–9).</translation>
    </message>
    <message>
        <location filename="../setup_dialog.py" line="28" />
        <source>Trung tâm Phục vụ hành chính công xã …</source>
        <translation>Public Administration Service Centre of … commune</translation>
    </message>
    <message>
        <location filename="../setup_dialog.py" line="32" />
        <source>Tỉnh …</source>
        <translation>… province</translation>
    </message>
    <message>
        <location filename="../setup_dialog.py" line="35" />
        <source>UBND XÃ …</source>
        <translation>COMMUNE PEOPLE'S COMMITTEE …</translation>
    </message>
    <message>
        <location filename="../setup_dialog.py" line="37" />
        <source>Tên xã/phường ghi trên biểu mẫu, ví dụ: Yên Lạc</source>
        <translation>Commune/ward name printed on the forms, e.g. Yên Lạc</translation>
    </message>
    <message>
        <location filename="../setup_dialog.py" line="43" />
        <source>Họ và tên người ký Mẫu 04, 05 (có thể để trống)</source>
        <translation>Full name of the signer of Forms 04, 05 (may be left empty)</translation>
    </message>
    <message>
        <location filename="../setup_dialog.py" line="63" />
        <source>Họ tên người ký:</source>
        <translation>Signer's name:</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="35" />
        <source>Cài đặt trạm</source>
        <translation>Station settings</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="51" />
        <source> phút</source>
        <translation> min</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="55" />
        <source> giờ làm việc</source>
        <translation> working hours</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="66" />
        <location filename="../setup_dialog.py" line="57" />
        <source>Tên đơn vị (&amp;T):</source>
        <translation>&amp;Agency name:</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="67" />
        <source>Cơ quan chủ quản (dòng đầu &amp;biểu mẫu):</source>
        <translation>Governing &amp;body (first line of forms):</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="69" />
        <location filename="../setup_dialog.py" line="62" />
        <source>Chức danh người ký (&amp;C):</source>
        <translation>Signer's &amp;title:</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="70" />
        <source>&amp;Họ tên người ký:</source>
        <translation>Signer's &amp;name:</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="71" />
        <source>Tên quầy (&amp;Q):</source>
        <translation>Counter &amp;name:</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="72" />
        <source>Số điện thoại (&amp;S):</source>
        <translation>&amp;Phone number:</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="74" />
        <source>Giờ làm việc mới dùng cho hồ sơ nhận từ nay; hạn trả của hồ sơ đã nhận giữ nguyên.</source>
        <translation>New working hours apply to dossiers received from now on; due dates of dossiers already received stay as they are.</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="77" />
        <source>Tự khóa màn hình sau (&amp;K):</source>
        <translation>Lock the screen &amp;after:</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="78" />
        <source>Thời gian tự khóa mới áp dụng từ lần đăng nhập sau.</source>
        <translation>The new lock time applies from the next sign-in.</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="81" />
        <source>Thời hạn tiếp nhận hồ sơ &amp;trực tuyến:</source>
        <translation>Time to receive an &amp;online dossier:</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="82" />
        <source>Tính từ lúc công dân nộp trên Cổng Dịch vụ công (ngoài giờ thì từ giờ làm việc kế tiếp); hồ sơ chờ quá thời hạn hiện màu đỏ trong thẻ Hồ sơ trực tuyến. Mặc định 8 giờ (1 ngày làm việc) — hãy đối chiếu quy định của tỉnh.</source>
        <translation>Counted from the citizen's submission on the public service portal (outside office hours, from the next working hour); dossiers waiting longer are shown in red in the Online dossiers tab. Default 8 hours (1 working day) - check the province's rules.</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="87" />
        <source>Lưu khóa khôi phục ra &amp;USB…</source>
        <translation>Save the recovery key to &amp;USB…</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="102" />
        <source>Mã định danh đơn vị {0} · Quầy số {1} (không sửa được: có trong mã của mọi hồ sơ).</source>
        <translation>Agency code {0} · Counter number {1} (cannot be changed: it is part of every dossier code).</translation>
    </message>
    <message>
        <location filename="../setup_dialog.py" line="58" />
        <source>Mã định danh đơn vị (&amp;M):</source>
        <translation>Agency &amp;code:</translation>
    </message>
    <message>
        <location filename="../setup_dialog.py" line="59" />
        <source>Tỉnh/thành phố (&amp;P):</source>
        <translation>Pro&amp;vince/city:</translation>
    </message>
    <message>
        <location filename="../setup_dialog.py" line="60" />
        <source>Cơ quan chủ quản (dòng đầu biểu mẫu):</source>
        <translation>Parent body (first line of the forms):</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="68" />
        <location filename="../setup_dialog.py" line="61" />
        <source>Địa danh ghi trên biểu mẫu (&amp;D):</source>
        <translation>Place name on the forms (&amp;D):</translation>
    </message>
    <message>
        <location filename="../setup_dialog.py" line="64" />
        <source>Số quầy (0–9) (&amp;Q):</source>
        <translation>Counter &amp;number (0–9):</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="73" />
        <location filename="../setup_dialog.py" line="65" />
        <source>Giờ làm việc (&amp;G):</source>
        <translation>&amp;Working hours:</translation>
    </message>
    <message>
        <location filename="../setup_dialog.py" line="66" />
        <source>Tài khoản quản trị (&amp;U):</source>
        <translation>Administrator &amp;user name:</translation>
    </message>
    <message>
        <location filename="../setup_dialog.py" line="67" />
        <source>Họ và tên quản trị viên:</source>
        <translation>Administrator's full name:</translation>
    </message>
    <message>
        <location filename="../setup_dialog.py" line="69" />
        <source>Nhập lại mật khẩu:</source>
        <translation>Re-enter password:</translation>
    </message>
    <message>
        <location filename="../setup_dialog.py" line="71" />
        <source>Mã hóa cơ sở dữ liệu (khuyến nghị) (&amp;E)</source>
        <translation>&amp;Encrypt the database (recommended)</translation>
    </message>
    <message>
        <location filename="../setup_dialog.py" line="73" />
        <source>Đang kiểm tra kho khóa của hệ điều hành…</source>
        <translation>Checking the operating system's key store…</translation>
    </message>
    <message>
        <location filename="../setup_dialog.py" line="84" />
        <source>Thiết lập</source>
        <translation>Set up</translation>
    </message>
    <message>
        <location filename="../setup_dialog.py" line="117" />
        <source>Hai lần nhập mật khẩu không khớp.</source>
        <translation>The two passwords do not match.</translation>
    </message>
    <message>
        <location filename="../setup_dialog.py" line="154" />
        <source>Cơ sở dữ liệu của trạm này đã được mã hóa.</source>
        <translation>This station's database is already encrypted.</translation>
    </message>
    <message>
        <location filename="../setup_dialog.py" line="158" />
        <source>Mã hóa giữ cho hồ sơ (họ tên, số định danh, địa chỉ) không đọc được khi máy hoặc ổ đĩa bị lấy mất, mang đi sửa hay thanh lý. Khóa giải mã được giữ trong kho khóa của hệ điều hành; sau khi thiết lập, hãy lưu khóa khôi phục ra USB và cất giữ — mất cả máy lẫn khóa khôi phục là mất toàn bộ dữ liệu.</source>
        <translation>Encryption keeps dossiers (names, ID numbers, addresses) unreadable when the PC or its disk is taken, sent for repair or disposed of. The decryption key is kept in the operating system's key store; after setting up, save the recovery key to a USB stick and keep it safe — losing both the PC and the recovery key loses all data.</translation>
    </message>
    <message>
        <location filename="../setup_dialog.py" line="163" />
        <source>Máy này không có kho khóa của hệ điều hành: khóa giải mã sẽ nằm trong tệp cạnh cơ sở dữ liệu, nên mã hóa không bảo vệ được khi ổ đĩa bị lấy mất (người lấy có cả hai). Nên bật mã hóa ổ đĩa của hệ điều hành (BitLocker) thay thế; vẫn có thể chọn mã hóa ở đây.</source>
        <translation>This PC has no operating system key store: the decryption key would be kept in a file next to the database, so encryption does not protect a stolen disk (the thief has both). Turn on the operating system's disk encryption (BitLocker) instead; you may still choose encryption here.</translation>
    </message>
    <message>
        <location filename="../setup_dialog.py" line="170" />
        <source>Không thiết lập được: {0}</source>
        <translation>Could not set up: {0}</translation>
    </message>
    <message>
        <location filename="../setup_dialog.py" line="183" />
        <source>THỦ TRƯỞNG CƠ QUAN (mặc định). Ví dụ hai dòng: KT. CHỦ TỊCH ↵ PHÓ CHỦ TỊCH</source>
        <translation>HEAD OF AGENCY (default). Two-line example: KT. CHỦ TỊCH ↵ PHÓ CHỦ TỊCH</translation>
    </message>
    <message>
        <location filename="../sync_adapter.py" line="32" />
        <source>Chưa thiết lập đồng bộ với hệ thống tỉnh. Giám sát hoặc quản trị viên mở menu Đồng bộ → "Thiết lập đồng bộ…" để nhập địa chỉ máy chủ và khóa bí mật của trạm.</source>
        <translation>Sync with the provincial system is not set up. A supervisor or administrator opens Sync → "Sync set-up…" to enter the server address and the station's secret key.</translation>
    </message>
    <message>
        <location filename="../sync_adapter.py" line="43" />
        <location filename="../sync_adapter.py" line="95" />
        <source>Không đồng bộ được: {0}</source>
        <translation>Could not sync: {0}</translation>
    </message>
    <message>
        <location filename="../sync_adapter.py" line="45" />
        <source>Đồng bộ xong: đã gửi {0} hồ sơ, {1} tệp, {2} bước xử lý; nhận {3} thay đổi từ tỉnh; còn chờ gửi {4}.</source>
        <translation>Sync done: sent {0} dossiers, {1} files, {2} processing steps; received {3} changes from the province; {4} still waiting to be sent.</translation>
    </message>
    <message>
        <location filename="../sync_adapter.py" line="49" />
        <source>Không kết nối được tới hệ thống tỉnh.</source>
        <translation>Could not connect to the provincial system.</translation>
    </message>
    <message>
        <location filename="../sync_adapter.py" line="156" />
        <source>Không khởi động được đồng bộ: {0}</source>
        <translation>Could not start sync: {0}</translation>
    </message>
    <message>
        <location filename="../sync_adapter.py" line="168" />
        <source>Đồng bộ dừng do lỗi không mong đợi; hãy khởi động lại ứng dụng.</source>
        <translation>Sync stopped due to an unexpected error; please restart the application.</translation>
    </message>
    <message>
        <location filename="../sync_adapter.py" line="192" />
        <source>Đang đồng bộ với hệ thống tỉnh…</source>
        <translation>Syncing with the provincial system…</translation>
    </message>
    <message>
        <location filename="../sync_panel.py" line="68" />
        <source>Đồng bộ: chưa hoạt động</source>
        <translation>Sync: not running</translation>
    </message>
    <message>
        <location filename="../sync_panel.py" line="72" />
        <source>Mất kết nối</source>
        <translation>Offline</translation>
    </message>
    <message>
        <location filename="../sync_panel.py" line="74" />
        <source>Đang kết nối</source>
        <translation>Connecting</translation>
    </message>
    <message>
        <location filename="../sync_panel.py" line="76" />
        <source>Trực tuyến</source>
        <translation>Online</translation>
    </message>
    <message>
        <location filename="../sync_panel.py" line="77" />
        <source>● {0}</source>
        <translation>● {0}</translation>
    </message>
    <message>
        <location filename="../sync_panel.py" line="77" />
        <source>chờ gửi {0}</source>
        <translation>{0} queued</translation>
    </message>
    <message>
        <location filename="../sync_panel.py" line="79" />
        <source>cần xử lý {0}</source>
        <translation>{0} need attention</translation>
    </message>
    <message>
        <location filename="../sync_panel.py" line="82" />
        <source>lần cuối {0}</source>
        <translation>last synced {0}</translation>
    </message>
    <message>
        <location filename="../sync_panel.py" line="82" />
        <source>chưa đồng bộ lần nào</source>
        <translation>never synced</translation>
    </message>
    <message>
        <location filename="../sync_panel.py" line="83" />
        <source> · </source>
        <translation> · </translation>
    </message>
    <message>
        <location filename="../sync_panel.py" line="93" />
        <location filename="../sync_panel.py" line="106" />
        <source>Mở bảng đồng bộ (F9)</source>
        <translation>Open sync panel (F9)</translation>
    </message>
    <message>
        <location filename="../sync_panel.py" line="114" />
        <source>Số</source>
        <translation>No.</translation>
    </message>
    <message>
        <location filename="../ledger.py" line="39" />
        <location filename="../online_view.py" line="170" />
        <location filename="../sync_panel.py" line="114" />
        <source>Mã hồ sơ</source>
        <translation>Dossier code</translation>
    </message>
    <message>
        <location filename="../ledger.py" line="39" />
        <location filename="../online_view.py" line="171" />
        <source>Thủ tục</source>
        <translation>Procedure</translation>
    </message>
    <message>
        <location filename="../ledger.py" line="39" />
        <location filename="../online_view.py" line="170" />
        <source>Người nộp</source>
        <translation>Applicant</translation>
    </message>
    <message>
        <location filename="../ledger.py" line="39" />
        <source>Ngày nhận</source>
        <translation>Date received</translation>
    </message>
    <message>
        <location filename="../ledger.py" line="39" />
        <source>Hẹn trả</source>
        <translation>Due date</translation>
    </message>
    <message>
        <location filename="../ledger.py" line="39" />
        <source>Kênh</source>
        <translation>Channel</translation>
    </message>
    <message>
        <location filename="../ledger.py" line="40" />
        <source>Số ngày quá hạn</source>
        <translation>Days overdue</translation>
    </message>
    <message>
        <location filename="../ledger.py" line="40" />
        <source>Điện thoại</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../scanning/acquisition.py" line="161" />
        <source>…</source>
        <translation>…</translation>
    </message>
    <message>
        <location filename="../ledger.py" line="100" />
        <source>hơn {0} hồ sơ</source>
        <translation>more than {0} dossiers</translation>
    </message>
    <message>
        <location filename="../ledger.py" line="100" />
        <source>{0} hồ sơ</source>
        <translation>{0} dossiers</translation>
    </message>
    <message>
        <location filename="../ledger.py" line="123" />
        <source>Đến hạn hôm nay</source>
        <translation>Due today</translation>
    </message>
    <message>
        <location filename="../ledger.py" line="274" />
        <source>Hồ sơ {0}</source>
        <translation>Dossier {0}</translation>
    </message>
    <message>
        <location filename="../ledger.py" line="287" />
        <source>Thông tin hồ sơ</source>
        <translation>Dossier details</translation>
    </message>
    <message>
        <location filename="../ledger.py" line="288" />
        <source>Bản quét</source>
        <translation>Scans</translation>
    </message>
    <message>
        <location filename="../ledger.py" line="295" />
        <source>In lại biểu mẫu… (Ctrl+P)</source>
        <translation>Reprint form… (Ctrl+P)</translation>
    </message>
    <message>
        <location filename="../ledger.py" line="299" />
        <source>Thu phí, lệ phí…</source>
        <translation>Collect fees…</translation>
    </message>
    <message>
        <location filename="../ledger.py" line="319" />
        <source>Bản quét có thay đổi chưa lưu: nhấn "Lưu bản quét", hoặc nhấn Đóng lần nữa để bỏ các thay đổi.</source>
        <translation>The scans have unsaved changes: click "Save scans", or click Close again to discard them.</translation>
    </message>
    <message>
        <location filename="../ledger.py" line="348" />
        <source>&lt;p&gt;&lt;b&gt;Chủ hồ sơ:&lt;/b&gt; {0}&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Dossier owner:&lt;/b&gt; {0}&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../ledger.py" line="350" />
        <source>&lt;p&gt;&lt;b&gt;Bản quét kết quả:&lt;/b&gt; {0}&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Result scans:&lt;/b&gt; {0}&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../ledger.py" line="352" />
        <source>số {0}</source>
        <translation>no. {0}</translation>
    </message>
    <message>
        <location filename="../ledger.py" line="353" />
        <source>đã gửi lên tỉnh</source>
        <translation>sent to the province</translation>
    </message>
    <message>
        <location filename="../ledger.py" line="353" />
        <source>chưa gửi lên tỉnh</source>
        <translation>not sent to the province yet</translation>
    </message>
    <message>
        <location filename="../ledger.py" line="356" />
        <source>&lt;h3&gt;{0}&lt;/h3&gt;&lt;p&gt;&lt;b&gt;Thủ tục:&lt;/b&gt; {1} ({2})&lt;br&gt;&lt;b&gt;Trạng thái:&lt;/b&gt; {3}&lt;br&gt;&lt;b&gt;Tiếp nhận:&lt;/b&gt; {4} — &lt;b&gt;Hẹn trả:&lt;/b&gt; {5}&lt;br&gt;&lt;b&gt;Kênh:&lt;/b&gt; {6} — &lt;b&gt;Nhận kết quả:&lt;/b&gt; {7}&lt;/p&gt;&lt;p&gt;&lt;b&gt;Người nộp:&lt;/b&gt; {8} — {9}&lt;br&gt;&lt;b&gt;Địa chỉ:&lt;/b&gt; {10}&lt;br&gt;&lt;b&gt;Điện thoại:&lt;/b&gt; {11}&lt;/p&gt;{12}&lt;h4&gt;Thành phần hồ sơ&lt;/h4&gt;&lt;table border=1 cellspacing=0 cellpadding=3&gt;&lt;tr&gt;&lt;th&gt;TT&lt;/th&gt;&lt;th&gt;Tên&lt;/th&gt;&lt;th&gt;Bản chính&lt;/th&gt;&lt;th&gt;Bản sao&lt;/th&gt;&lt;th&gt;Chứng thực&lt;/th&gt;&lt;th&gt;Số trang&lt;/th&gt;&lt;/tr&gt;{13}&lt;/table&gt;&lt;h4&gt;Quá trình xử lý&lt;/h4&gt;&lt;table border=1 cellspacing=0 cellpadding=3&gt;&lt;tr&gt;&lt;th&gt;Thời điểm&lt;/th&gt;&lt;th&gt;Trạng thái&lt;/th&gt;&lt;th&gt;Người thực hiện&lt;/th&gt;&lt;th&gt;Đơn vị&lt;/th&gt;&lt;th&gt;Ghi chú&lt;/th&gt;&lt;/tr&gt;{14}&lt;/table&gt;</source>
        <translation>&lt;h3&gt;{0}&lt;/h3&gt;&lt;p&gt;&lt;b&gt;Procedure:&lt;/b&gt; {1} ({2})&lt;br&gt;&lt;b&gt;Status:&lt;/b&gt; {3}&lt;br&gt;&lt;b&gt;Received:&lt;/b&gt; {4} — &lt;b&gt;Due date:&lt;/b&gt; {5}&lt;br&gt;&lt;b&gt;Channel:&lt;/b&gt; {6} — &lt;b&gt;Result delivery:&lt;/b&gt; {7}&lt;/p&gt;&lt;p&gt;&lt;b&gt;Applicant:&lt;/b&gt; {8} — {9}&lt;br&gt;&lt;b&gt;Address:&lt;/b&gt; {10}&lt;br&gt;&lt;b&gt;Phone:&lt;/b&gt; {11}&lt;/p&gt;{12}&lt;h4&gt;Dossier components&lt;/h4&gt;&lt;table border=1 cellspacing=0 cellpadding=3&gt;&lt;tr&gt;&lt;th&gt;No.&lt;/th&gt;&lt;th&gt;Name&lt;/th&gt;&lt;th&gt;Originals&lt;/th&gt;&lt;th&gt;Copies&lt;/th&gt;&lt;th&gt;Certified copies&lt;/th&gt;&lt;th&gt;Pages&lt;/th&gt;&lt;/tr&gt;{13}&lt;/table&gt;&lt;h4&gt;Processing history&lt;/h4&gt;&lt;table border=1 cellspacing=0 cellpadding=3&gt;&lt;tr&gt;&lt;th&gt;Time&lt;/th&gt;&lt;th&gt;Status&lt;/th&gt;&lt;th&gt;Performed by&lt;/th&gt;&lt;th&gt;Agency&lt;/th&gt;&lt;th&gt;Note&lt;/th&gt;&lt;/tr&gt;{14}&lt;/table&gt;</translation>
    </message>
    <message>
        <location filename="../ledger.py" line="375" />
        <source>Tìm theo tên, số định danh, mã hồ sơ, số điện thoại (không cần dấu) — F3</source>
        <translation>Search by name, personal ID number, dossier code or phone number (accents optional) — F3</translation>
    </message>
    <message>
        <location filename="../ledger.py" line="377" />
        <source>Từ ngày</source>
        <translation>From</translation>
    </message>
    <message>
        <location filename="../ledger.py" line="388" />
        <source>Tất cả trạng thái</source>
        <translation>All statuses</translation>
    </message>
    <message>
        <location filename="../ledger.py" line="437" />
        <source>Bỏ lọc theo chỉ số (Esc)</source>
        <translation>Clear the indicator filter (Esc)</translation>
    </message>
    <message>
        <location filename="../ledger.py" line="566" />
        <source>tử số</source>
        <translation>numerator</translation>
    </message>
    <message>
        <location filename="../ledger.py" line="566" />
        <source>mẫu số</source>
        <translation>denominator</translation>
    </message>
    <message>
        <location filename="../ledger.py" line="567" />
        <source>Hồ sơ thuộc {0} của chỉ số {1}, từ ngày {2} đến ngày {3}</source>
        <translation>Dossiers of the {0} of indicator {1}, from {2} to {3}</translation>
    </message>
    <message>
        <location filename="../ledger.py" line="448" />
        <source>&lt;span style='background:#fde2e1'&gt;&amp;nbsp;Quá hạn&amp;nbsp;&lt;/span&gt; &lt;span style='background:#fff4ce'&gt;&amp;nbsp;Đến hạn hôm nay&amp;nbsp;&lt;/span&gt;</source>
        <translation>&lt;span style='background:#fde2e1'&gt;&amp;nbsp;Overdue&amp;nbsp;&lt;/span&gt; &lt;span style='background:#fff4ce'&gt;&amp;nbsp;Due today&amp;nbsp;&lt;/span&gt;</translation>
    </message>
    <message>
        <location filename="../calendar_dialog.py" line="51" />
        <location filename="../sync_panel.py" line="114" />
        <source>Loại</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../accounts_dialog.py" line="21" />
        <location filename="../ledger.py" line="39" />
        <location filename="../sync_panel.py" line="114" />
        <source>Trạng thái</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../sync_panel.py" line="114" />
        <source>Số lần thử</source>
        <translation>Attempts</translation>
    </message>
    <message>
        <location filename="../sync_panel.py" line="114" />
        <source>Lần thử tới</source>
        <translation>Next attempt</translation>
    </message>
    <message>
        <location filename="../sync_panel.py" line="114" />
        <source>Lý do</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../sync_panel.py" line="175" />
        <source>ngay</source>
        <translation>now</translation>
    </message>
    <message>
        <location filename="../sync_panel.py" line="195" />
        <source>Đồng bộ với hệ thống tỉnh</source>
        <translation>Sync with the provincial system</translation>
    </message>
    <message>
        <location filename="../sync_panel.py" line="214" />
        <source>Hiện cả các mục đã gửi</source>
        <translation>Also show sent items</translation>
    </message>
    <message>
        <location filename="../sync_panel.py" line="219" />
        <source>Đồng bộ ngay (Shift+F9)</source>
        <translation>Sync now (Shift+F9)</translation>
    </message>
    <message>
        <location filename="../sync_panel.py" line="220" />
        <source>Thử lại mục đã chọn</source>
        <translation>Retry selected items</translation>
    </message>
    <message>
        <location filename="../sync_panel.py" line="221" />
        <source>Tạm gác lại…</source>
        <translation>Set aside…</translation>
    </message>
    <message>
        <location filename="../sync_panel.py" line="222" />
        <source>Đưa lại vào hàng đợi</source>
        <translation>Put back in queue</translation>
    </message>
    <message>
        <location filename="../sync_panel.py" line="224" />
        <location filename="../sync_setup_dialog.py" line="276" />
        <source>Thiết lập đồng bộ…</source>
        <translation>Sync set-up…</translation>
    </message>
    <message>
        <location filename="../sync_panel.py" line="228" />
        <source>Chấp nhận thay đổi lịch đang chờ</source>
        <translation>Accept the pending calendar changes</translation>
    </message>
    <message>
        <location filename="../sync_panel.py" line="229" />
        <source>Không chấp nhận thay đổi lịch…</source>
        <translation>Refuse the calendar changes…</translation>
    </message>
    <message>
        <location filename="../sync_panel.py" line="285" />
        <source>Lỗi gần nhất: {0}</source>
        <translation>Last error: {0}</translation>
    </message>
    <message>
        <location filename="../sync_panel.py" line="339" />
        <source>Thay đổi từ tỉnh chưa áp dụng ({0}):</source>
        <translation>Changes from the province not yet applied ({0}):</translation>
    </message>
    <message>
        <location filename="../sync_panel.py" line="342" />
        <source>Lịch làm việc ngày {0}</source>
        <translation>Working calendar, {0}</translation>
    </message>
    <message>
        <location filename="../sync_panel.py" line="344" />
        <source>Chỉ tiêu chỉ số 766</source>
        <translation>Targets of the 766 indicators</translation>
    </message>
    <message>
        <location filename="../sync_panel.py" line="347" />
        <source>• {0} → {1}: {2}</source>
        <translation>• {0} → {1}: {2}</translation>
    </message>
    <message>
        <location filename="../sync_panel.py" line="377" />
        <source>Hãy chọn mục cần thử lại.</source>
        <translation>Select the items to retry.</translation>
    </message>
    <message>
        <location filename="../sync_panel.py" line="384" />
        <source>Hãy chọn mục cần tạm gác.</source>
        <translation>Select the items to set aside.</translation>
    </message>
    <message>
        <location filename="../sync_panel.py" line="386" />
        <source>Tạm gác mục đồng bộ</source>
        <translation>Set aside sync item</translation>
    </message>
    <message>
        <location filename="../sync_panel.py" line="400" />
        <source>Không chấp nhận thay đổi lịch</source>
        <translation>Refuse the calendar changes</translation>
    </message>
    <message>
        <location filename="../sync_panel.py" line="410" />
        <source>Hãy chọn mục cần đưa lại vào hàng đợi.</source>
        <translation>Select the items to put back in the queue.</translation>
    </message>
    <message>
        <location filename="../tally_view.py" line="30" />
        <source>Tùy chọn</source>
        <translation>Custom</translation>
    </message>
    <message>
        <location filename="../tally_view.py" line="30" />
        <location filename="../tally_view.py" line="175" />
        <source>Hôm nay</source>
        <translation>Today</translation>
    </message>
    <message>
        <location filename="../tally_view.py" line="30" />
        <location filename="../tally_view.py" line="177" />
        <source>Hôm qua</source>
        <translation>Yesterday</translation>
    </message>
    <message>
        <location filename="../tally_view.py" line="30" />
        <location filename="../tally_view.py" line="179" />
        <source>Tháng này</source>
        <translation>This month</translation>
    </message>
    <message>
        <location filename="../tally_view.py" line="30" />
        <location filename="../tally_view.py" line="181" />
        <source>Tháng trước</source>
        <translation>Last month</translation>
    </message>
    <message>
        <location filename="../tally_view.py" line="30" />
        <location filename="../tally_view.py" line="183" />
        <source>Quý này</source>
        <translation>This quarter</translation>
    </message>
    <message>
        <location filename="../tally_view.py" line="30" />
        <location filename="../tally_view.py" line="186" />
        <source>Năm nay</source>
        <translation>This year</translation>
    </message>
    <message>
        <location filename="../tally_view.py" line="31" />
        <source>(3) Tổng số nhận</source>
        <translation>(3) Total received</translation>
    </message>
    <message>
        <location filename="../tally_view.py" line="31" />
        <source>(4) Trực tuyến</source>
        <translation>(4) Online</translation>
    </message>
    <message>
        <location filename="../tally_view.py" line="31" />
        <source>(5) Trực tiếp, BCCI</source>
        <translation>(5) In person, by post</translation>
    </message>
    <message>
        <location filename="../tally_view.py" line="31" />
        <source>(6) Từ kỳ trước</source>
        <translation>(6) Carried over</translation>
    </message>
    <message>
        <location filename="../tally_view.py" line="31" />
        <source>(7) Đã giải quyết</source>
        <translation>(7) Resolved</translation>
    </message>
    <message>
        <location filename="../tally_view.py" line="32" />
        <source>(8) Trước hạn</source>
        <translation>(8) Early</translation>
    </message>
    <message>
        <location filename="../tally_view.py" line="32" />
        <source>(9) Đúng hạn</source>
        <translation>(9) On time</translation>
    </message>
    <message>
        <location filename="../tally_view.py" line="32" />
        <source>(10) Quá hạn</source>
        <translation>(10) Late</translation>
    </message>
    <message>
        <location filename="../tally_view.py" line="32" />
        <source>(11) Đang giải quyết</source>
        <translation>(11) In progress</translation>
    </message>
    <message>
        <location filename="../tally_view.py" line="32" />
        <source>(12) Trong hạn</source>
        <translation>(12) Within deadline</translation>
    </message>
    <message>
        <location filename="../tally_view.py" line="32" />
        <source>(13) Quá hạn</source>
        <translation>(13) Overdue</translation>
    </message>
    <message>
        <location filename="../tally_view.py" line="75" />
        <source>Thống kê</source>
        <translation>Statistics</translation>
    </message>
    <message>
        <location filename="../tally_view.py" line="76" />
        <source>Biểu 06/VPCP/KSTT (theo lĩnh vực)</source>
        <translation>Report 06/VPCP/KSTT (by field)</translation>
    </message>
    <message>
        <location filename="../tally_view.py" line="94" />
        <source>Tất cả lĩnh vực</source>
        <translation>All fields</translation>
    </message>
    <message>
        <location filename="../tally_view.py" line="94" />
        <source>Tất cả người tiếp nhận</source>
        <translation>All clerks</translation>
    </message>
    <message>
        <location filename="../tally_view.py" line="95" />
        <source>Tất cả các kênh</source>
        <translation>All channels</translation>
    </message>
    <message>
        <location filename="../close_day.py" line="49" />
        <location filename="../tally_view.py" line="97" />
        <source>Xem</source>
        <translation>Show</translation>
    </message>
    <message>
        <location filename="../tally_view.py" line="99" />
        <location filename="../tally_view.py" line="301" />
        <source>Xuất {0}</source>
        <translation>Export {0}</translation>
    </message>
    <message>
        <location filename="../tally_view.py" line="118" />
        <source>Báo cáo:</source>
        <translation>Report:</translation>
    </message>
    <message>
        <location filename="../scorecard_view.py" line="48" />
        <source>ngày</source>
        <translation>days</translation>
    </message>
    <message>
        <location filename="../scorecard_view.py" line="65" />
        <location filename="../scorecard_view.py" line="100" />
        <source>Tháng</source>
        <translation>Month</translation>
    </message>
    <message>
        <location filename="../scorecard_view.py" line="65" />
        <source>Quý</source>
        <translation>Quarter</translation>
    </message>
    <message>
        <location filename="../scorecard_view.py" line="65" />
        <source>Năm</source>
        <translation>Year</translation>
    </message>
    <message>
        <location filename="../scorecard_view.py" line="65" />
        <source>Từ ngày … đến ngày</source>
        <translation>From … to</translation>
    </message>
    <message>
        <location filename="../scorecard_view.py" line="78" />
        <source>&amp;Xem</source>
        <translation>&amp;Show</translation>
    </message>
    <message>
        <location filename="../scorecard_view.py" line="79" />
        <source>Xuất XLSX</source>
        <translation>Export XLSX</translation>
    </message>
    <message>
        <location filename="../scorecard_view.py" line="80" />
        <source>Xuất PDF</source>
        <translation>Export PDF</translation>
    </message>
    <message>
        <location filename="../scorecard_view.py" line="82" />
        <location filename="../tally_view.py" line="120" />
        <source>Kỳ:</source>
        <translation>Period:</translation>
    </message>
    <message>
        <location filename="../scorecard_view.py" line="82" />
        <source>Năm:</source>
        <translation>Year:</translation>
    </message>
    <message>
        <location filename="../scorecard_view.py" line="82" />
        <source>Số:</source>
        <translation>No.:</translation>
    </message>
    <message>
        <location filename="../scorecard_view.py" line="89" />
        <source>Mã</source>
        <translation>ID</translation>
    </message>
    <message>
        <location filename="../scorecard_view.py" line="89" />
        <source>Chỉ số</source>
        <translation>Indicator</translation>
    </message>
    <message>
        <location filename="../scorecard_view.py" line="89" />
        <source>Tử số</source>
        <translation>Numerator</translation>
    </message>
    <message>
        <location filename="../scorecard_view.py" line="89" />
        <source>Mẫu số</source>
        <translation>Denominator</translation>
    </message>
    <message>
        <location filename="../scorecard_view.py" line="89" />
        <source>Giá trị</source>
        <translation>Value</translation>
    </message>
    <message>
        <location filename="../scorecard_view.py" line="90" />
        <source>Chỉ tiêu</source>
        <translation>Target</translation>
    </message>
    <message>
        <location filename="../scorecard_view.py" line="90" />
        <source>Chênh lệch</source>
        <translation>Gap</translation>
    </message>
    <message>
        <location filename="../scorecard_view.py" line="103" />
        <source>Tính theo công thức của bộ chỉ số Quyết định 766/QĐ-TTg từ dữ liệu của quầy này; di chuột lên một chỉ số để xem công thức.</source>
        <translation>Computed by the formulas of the Decision 766/QD-TTg indicators from this counter's data; hover over an indicator to see its formula.</translation>
    </message>
    <message>
        <location filename="../scorecard_view.py" line="110" />
        <source>Xu hướng theo tháng</source>
        <translation>Trend by month</translation>
    </message>
    <message>
        <location filename="../scorecard_view.py" line="116" />
        <source>Bấm "Xem" trước: tệp xuất là bảng đang hiển thị.</source>
        <translation>Press "Show" first: the export is the table shown.</translation>
    </message>
    <message>
        <location filename="../scorecard_view.py" line="147" />
        <source>Ngày kết thúc phải sau hoặc bằng ngày bắt đầu.</source>
        <translation>The end date must be on or after the start date.</translation>
    </message>
    <message>
        <location filename="../scorecard_view.py" line="173" />
        <source>Bấm để xem các hồ sơ trong Sổ theo dõi hồ sơ.</source>
        <translation>Click to see the dossiers in the dossier register.</translation>
    </message>
    <message>
        <location filename="../scorecard_view.py" line="202" />
        <source>Chỉ số {0} được tính từ số liệu tổng hợp của Biểu 06; chưa liệt kê được từng hồ sơ.</source>
        <translation>Indicator {0} is computed from the Report 06 totals; its dossiers cannot be listed one by one yet.</translation>
    </message>
    <message>
        <location filename="../scorecard_view.py" line="218" />
        <source>Lưu chỉ số 766</source>
        <translation>Save the 766 indicators</translation>
    </message>
    <message>
        <location filename="../scorecard_view.py" line="225" />
        <source>Đã ghi {0}.</source>
        <translation>Saved {0}.</translation>
    </message>
    <message>
        <location filename="../tally_view.py" line="122" />
        <source>Từ ngày:</source>
        <translation>From:</translation>
    </message>
    <message>
        <location filename="../tally_view.py" line="124" />
        <source>Đến ngày:</source>
        <translation>To:</translation>
    </message>
    <message>
        <location filename="../tally_view.py" line="126" />
        <source>Nhóm theo:</source>
        <translation>Group by:</translation>
    </message>
    <message>
        <location filename="../tally_view.py" line="128" />
        <source>Phạm vi:</source>
        <translation>Scope:</translation>
    </message>
    <message>
        <location filename="../tally_view.py" line="218" />
        <source>Nhấn "Xem" để lập bảng theo lựa chọn hiện tại trước khi xuất.</source>
        <translation>Press "Show" to build the table for the current choices before exporting.</translation>
    </message>
    <message>
        <location filename="../tally_view.py" line="280" />
        <source>{0}, {1} – {2}. Hồ sơ đang giải quyết tính đến {3}.</source>
        <translation>{0}, {1} – {2}. In-progress dossiers counted up to {3}.</translation>
    </message>
    <message>
        <location filename="../tally_view.py" line="283" />
        <source>(2) Lĩnh vực</source>
        <translation>(2) Field</translation>
    </message>
    <message>
        <location filename="../tally_view.py" line="286" />
        <source>đạt</source>
        <translation>passed</translation>
    </message>
    <message>
        <location filename="../tally_view.py" line="286" />
        <source>KHÔNG ĐẠT – </source>
        <translation>FAILED – </translation>
    </message>
    <message>
        <location filename="../tally_view.py" line="287" />
        <source>Biểu 06, {0} – {1}. Đang giải quyết tính đến {2}. Kiểm tra (3)=(4)+(5)+(6)=(7)+(11), (7)=(8)+(9)+(10), (11)=(12)+(13): {3}.</source>
        <translation>Report 06, {0} – {1}. In progress counted up to {2}. Check (3)=(4)+(5)+(6)=(7)+(11), (7)=(8)+(9)+(10), (11)=(12)+(13): {3}.</translation>
    </message>
    <message>
        <location filename="../tally_view.py" line="289" />
        <source>Biểu 06 không thỏa mãn các đẳng thức kiểm tra; không xuất được. Hãy báo quản trị viên chạy 'counter-app report check'.</source>
        <translation>Report 06 does not satisfy the check equations; it cannot be exported. Ask an administrator to run 'counter-app report check'.</translation>
    </message>
    <message>
        <location filename="../tally_view.py" line="332" />
        <source>Đã xuất {0}.</source>
        <translation>Exported {0}.</translation>
    </message>
    <message>
        <location filename="../app.py" line="79" />
        <location filename="../app.py" line="90" />
        <source>Lỗi</source>
        <translation>Error</translation>
    </message>
    <message>
        <location filename="../app.py" line="81" />
        <source>Dữ liệu mẫu: đăng nhập bằng {0} / {1}</source>
        <translation>Demo data: log in as {0} / {1}</translation>
    </message>
    <message>
        <location filename="../app.py" line="90" />
        <source>Không tạo được thư mục dữ liệu {0}: {1}</source>
        <translation>Could not create the data folder {0}: {1}</translation>
    </message>
    <message>
        <location filename="../app.py" line="97" />
        <source>Ứng dụng đang mở</source>
        <translation>Application already open</translation>
    </message>
    <message>
        <location filename="../app.py" line="97" />
        <source>Ứng dụng đã mở trên dữ liệu này (cửa sổ khác). Hãy dùng cửa sổ đó.</source>
        <translation>The application is already open on this data (in another window). Please use that window.</translation>
    </message>
    <message>
        <location filename="../app.py" line="107" />
        <source>Không mở được dữ liệu</source>
        <translation>Could not open the data</translation>
    </message>
    <message>
        <location filename="../app.py" line="222" />
        <source>Cơ sở dữ liệu có lỗi</source>
        <translation>Database error</translation>
    </message>
    <message>
        <location filename="../app.py" line="230" />
        <source>Sao lưu tự động thất bại: {0}</source>
        <translation>Automatic backup failed: {0}</translation>
    </message>
    <message>
        <location filename="../app.py" line="235" />
        <source>Đã sao lưu tự động: {0}</source>
        <translation>Automatic backup created: {0}</translation>
    </message>
    <message>
        <location filename="../app.py" line="254" />
        <source>Đã gỡ {0} bản quét đã lưu ở hệ thống tỉnh khỏi máy (giải phóng {1}).</source>
        <translation>Removed {0} scans kept by the province from this computer ({1} freed).</translation>
    </message>
    <message>
        <location filename="../intake/person_box.py" line="28" />
        <source>12 chữ số</source>
        <translation>12 digits</translation>
    </message>
    <message>
        <location filename="../intake/person_box.py" line="33" />
        <source>Nữ</source>
        <translation>Female</translation>
    </message>
    <message>
        <location filename="../intake/person_box.py" line="33" />
        <source>Nam</source>
        <translation>Male</translation>
    </message>
    <message>
        <location filename="../intake/person_box.py" line="44" />
        <source>Họ và tên:</source>
        <translation>Full name:</translation>
    </message>
    <message>
        <location filename="../intake/person_box.py" line="46" />
        <source>Số định danh:</source>
        <translation>Personal ID number:</translation>
    </message>
    <message>
        <location filename="../intake/person_box.py" line="48" />
        <source>Ngày sinh:</source>
        <translation>Date of birth:</translation>
    </message>
    <message>
        <location filename="../intake/person_box.py" line="50" />
        <source>Giới tính:</source>
        <translation>Sex:</translation>
    </message>
    <message>
        <location filename="../intake/person_box.py" line="52" />
        <source>Điện thoại:</source>
        <translation>Phone:</translation>
    </message>
    <message>
        <location filename="../intake/person_box.py" line="54" />
        <source>Địa chỉ:</source>
        <translation>Address:</translation>
    </message>
    <message>
        <location filename="../intake/person_box.py" line="87" />
        <source>Ngày sinh</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <location filename="../intake/components_table.py" line="17" />
        <source>Nộp</source>
        <translation>Submitted</translation>
    </message>
    <message>
        <location filename="../intake/components_table.py" line="17" />
        <source>Thành phần hồ sơ</source>
        <translation>Dossier component</translation>
    </message>
    <message>
        <location filename="../intake/components_table.py" line="17" />
        <source>Bản chính</source>
        <translation>Originals</translation>
    </message>
    <message>
        <location filename="../intake/components_table.py" line="17" />
        <source>Bản sao</source>
        <translation>Copies</translation>
    </message>
    <message>
        <location filename="../intake/components_table.py" line="17" />
        <source>Bản chứng thực</source>
        <translation>Certified copies</translation>
    </message>
    <message>
        <location filename="../intake/components_table.py" line="17" />
        <source>Số trang</source>
        <translation>Pages</translation>
    </message>
    <message>
        <location filename="../intake/components_table.py" line="42" />
        <source>Bắt buộc</source>
        <translation>Required</translation>
    </message>
    <message>
        <location filename="../intake/components_table.py" line="42" />
        <source>Nếu có</source>
        <translation>If applicable</translation>
    </message>
    <message>
        <location filename="../intake/components_table.py" line="48" />
        <source> (bắt buộc)</source>
        <translation> (required)</translation>
    </message>
    <message>
        <location filename="../intake/procedure_picker.py" line="50" />
        <source>Gõ tên hoặc mã thủ tục (không cần dấu), ví dụ: khai sinh</source>
        <translation>Type a procedure name or code (accents optional), e.g. khai sinh</translation>
    </message>
    <message>
        <location filename="../intake/procedure_picker.py" line="58" />
        <location filename="../intake/procedure_picker.py" line="110" />
        <source>Chưa chọn thủ tục.</source>
        <translation>No procedure selected.</translation>
    </message>
    <message>
        <location filename="../intake_form.py" line="53" />
        <source>1. Thủ tục hành chính (F2)</source>
        <translation>1. Administrative procedure (F2)</translation>
    </message>
    <message>
        <location filename="../intake/cccd_bar.py" line="25" />
        <source>Đặt con trỏ ở đây và quét mã QR trên CCCD (F4)</source>
        <translation>Put the cursor here and scan the QR code on the CCCD (F4)</translation>
    </message>
    <message>
        <location filename="../intake/cccd_bar.py" line="28" />
        <source>Điền vào biểu mẫu (Enter)</source>
        <translation>Fill in the form (Enter)</translation>
    </message>
    <message>
        <location filename="../intake/cccd_bar.py" line="29" />
        <source>Bỏ qua</source>
        <translation>Dismiss</translation>
    </message>
    <message>
        <location filename="../intake_form.py" line="59" />
        <source>2. Quét mã QR CCCD</source>
        <translation>2. Scan the CCCD QR code</translation>
    </message>
    <message>
        <location filename="../intake_form.py" line="66" />
        <source>3. Người nộp hồ sơ</source>
        <translation>3. Applicant</translation>
    </message>
    <message>
        <location filename="../intake_form.py" line="67" />
        <source>Chủ hồ sơ khác người nộp</source>
        <translation>Dossier owner differs from the applicant</translation>
    </message>
    <message>
        <location filename="../intake_form.py" line="68" />
        <source>Chủ hồ sơ</source>
        <translation>Dossier owner</translation>
    </message>
    <message>
        <location filename="../intake_form.py" line="78" />
        <source>Thêm thành phần khác rồi nhấn Enter</source>
        <translation>Add another component, then press Enter</translation>
    </message>
    <message>
        <location filename="../intake_form.py" line="80" />
        <source>4. Thành phần hồ sơ (* bắt buộc)</source>
        <translation>4. Dossier components (* required)</translation>
    </message>
    <message>
        <location filename="../intake_form.py" line="91" />
        <source>Bản quét thành phần hồ sơ</source>
        <translation>Scans of dossier components</translation>
    </message>
    <message>
        <location filename="../intake_form.py" line="95" />
        <source>Trực tiếp</source>
        <translation>In person</translation>
    </message>
    <message>
        <location filename="../intake_form.py" line="98" />
        <source>Tại Bộ phận Một cửa</source>
        <translation>At the one-stop counter</translation>
    </message>
    <message>
        <location filename="../intake_form.py" line="105" />
        <source>5. Tiếp nhận và trả kết quả</source>
        <translation>5. Intake and return of results</translation>
    </message>
    <message>
        <location filename="../intake_form.py" line="107" />
        <source>Kênh tiếp nhận:</source>
        <translation>Intake channel:</translation>
    </message>
    <message>
        <location filename="../intake_form.py" line="108" />
        <source>Nhận kết quả:</source>
        <translation>Result delivery:</translation>
    </message>
    <message>
        <location filename="../intake_form.py" line="109" />
        <source>Số bộ hồ sơ:</source>
        <translation>Number of dossier sets:</translation>
    </message>
    <message>
        <location filename="../intake_form.py" line="115" />
        <location filename="../intake_form.py" line="218" />
        <source>Ngày hẹn trả: —</source>
        <translation>Due date: —</translation>
    </message>
    <message>
        <location filename="../intake_form.py" line="122" />
        <location filename="../intake_form.py" line="375" />
        <source>Lưu hồ sơ (Ctrl+S)</source>
        <translation>Save dossier (Ctrl+S)</translation>
    </message>
    <message>
        <location filename="../intake_form.py" line="126" />
        <source>Hồ sơ mới (Ctrl+N)</source>
        <translation>New dossier (Ctrl+N)</translation>
    </message>
    <message>
        <location filename="../intake_form.py" line="129" />
        <source>&amp;Hướng dẫn bổ sung (Mẫu 02) (Ctrl+G)</source>
        <translation>&amp;Guide to complete (Form 02) (Ctrl+G)</translation>
    </message>
    <message>
        <location filename="../intake_form.py" line="131" />
        <source>Từ &amp;chối tiếp nhận (Mẫu 03) (Ctrl+T)</source>
        <translation>Refuse to &amp;take in (Form 03) (Ctrl+T)</translation>
    </message>
    <message>
        <location filename="../intake_form.py" line="134" />
        <source>Trực tuyến (Ctrl+O)</source>
        <translation>Online (Ctrl+O)</translation>
    </message>
    <message>
        <location filename="../intake_form.py" line="135" />
        <source>Hướng dẫn công dân nộp hồ sơ trên Cổng Dịch vụ công; in phiếu có mã QR</source>
        <translation>Guide the citizen to submit on the Public Service Portal; prints a sheet with a QR code</translation>
    </message>
    <message>
        <location filename="../intake_form.py" line="422" />
        <source>Chưa lưu được hồ sơ: {0} Hãy đánh dấu các thành phần có dấu * (hoặc nhờ lãnh đạo tiếp nhận).</source>
        <translation>The dossier was not saved: {0} Tick the components marked * (or ask a supervisor to receive it).</translation>
    </message>
    <message>
        <location filename="../intake_form.py" line="428" />
        <source>Chưa lưu được hồ sơ: {0}</source>
        <translation>The dossier was not saved: {0}</translation>
    </message>
    <message>
        <location filename="../intake_form.py" line="447" />
        <source>Bỏ các trang đã quét?</source>
        <translation>Discard the scanned pages?</translation>
    </message>
    <message>
        <location filename="../intake_form.py" line="448" />
        <source>Khung Bản quét còn {0} trang chưa lưu cùng hồ sơ nào. Bỏ các trang này để tiếp nhận hồ sơ mới?</source>
        <translation>The Scans panel still holds {0} page(s) not saved with any dossier. Discard them to take in a new dossier?</translation>
    </message>
    <message>
        <location filename="../intake/procedure_picker.py" line="73" />
        <source>{0} — {1}  ({2}; {3})</source>
        <translation>{0} — {1}  ({2}; {3})</translation>
    </message>
    <message>
        <location filename="../intake/procedure_picker.py" line="96" />
        <source>&lt;b&gt;{0}&lt;/b&gt;&lt;br&gt;Mã: {1} · Lĩnh vực: {2} · Thời hạn: {3}</source>
        <translation>&lt;b&gt;{0}&lt;/b&gt;&lt;br&gt;Code: {1} · Field: {2} · Time limit: {3}</translation>
    </message>
    <message>
        <location filename="../intake_form.py" line="224" />
        <source>Ngày hẹn trả (dự kiến): {0}</source>
        <translation>Due date (estimated): {0}</translation>
    </message>
    <message>
        <location filename="../intake/cccd_bar.py" line="64" />
        <source>Đọc được từ CCCD: &lt;b&gt;{0}&lt;/b&gt;, số {1}, sinh {2}, {3}&lt;br&gt;{4}</source>
        <translation>Read from the CCCD: &lt;b&gt;{0}&lt;/b&gt;, no. {1}, born {2}, {3}&lt;br&gt;{4}</translation>
    </message>
    <message>
        <location filename="../intake/cccd_bar.py" line="67" />
        <source>&lt;br&gt;&lt;i&gt;Lưu ý: </source>
        <translation>&lt;br&gt;&lt;i&gt;Note: </translation>
    </message>
    <message>
        <location filename="../intake/cccd_bar.py" line="68" />
        <source>&lt;br&gt;Kiểm tra rồi nhấn “Điền vào biểu mẫu”.</source>
        <translation>&lt;br&gt;Check the details, then press “Fill in the form”.</translation>
    </message>
    <message>
        <location filename="../intake/cccd_bar.py" line="79" />
        <source>Đã điền thông tin người nộp từ CCCD. Hãy bổ sung số điện thoại nếu có.</source>
        <translation>Applicant details filled in from the CCCD. Add a phone number if there is one.</translation>
    </message>
    <message>
        <location filename="../intake_form.py" line="304" />
        <source>Chưa lưu được hồ sơ:
</source>
        <translation>The dossier was not saved:
</translation>
    </message>
    <message>
        <location filename="../intake_form.py" line="309" />
        <source>Chưa lưu được hồ sơ: có bản quét của thành phần chưa được đánh dấu nộp: </source>
        <translation>The dossier was not saved: there are scans of components not marked as submitted: </translation>
    </message>
    <message>
        <location filename="../intake_form.py" line="375" />
        <location filename="../scanning/dossier_mode.py" line="115" />
        <source>Đang lưu…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <location filename="../intake_form.py" line="368" />
        <source>Hồ sơ {0} đã được lưu nhưng chưa đính kèm được bản quét: {1} Các trang vẫn còn trong khung Bản quét (mục "Chưa xếp thành phần"); hãy mở hồ sơ ở Sổ theo dõi hồ sơ, thẻ Bản quét, để đính kèm lại.</source>
        <translation>Dossier {0} was saved, but its scans could not be attached: {1} The pages are still in the scan panel (under "Unassigned"); open the dossier in the Dossier register, Scans tab, to attach them again.</translation>
    </message>
    <message>
        <location filename="../intake_form.py" line="399" />
        <source>Đã tiếp nhận hồ sơ mã {0}. Hẹn trả kết quả: {1}.</source>
        <translation>Dossier {0} received. Due date: {1}.</translation>
    </message>
    <message>
        <location filename="../scanning/settings_dialog.py" line="22" />
        <source>Thiết lập quét</source>
        <translation>Scan settings</translation>
    </message>
    <message>
        <location filename="../scanning/settings_dialog.py" line="25" />
        <source> (khuyên dùng cho giấy tờ A4)</source>
        <translation> (recommended for A4 documents)</translation>
    </message>
    <message>
        <location filename="../scanning/settings_dialog.py" line="34" />
        <source>Dùng khay nạp giấy tự động (ADF) nếu máy có</source>
        <translation>Use the automatic document feeder (ADF) if available</translation>
    </message>
    <message>
        <location filename="../scanning/settings_dialog.py" line="37" />
        <source>Thư mục máy quét mạng lưu tệp vào (để trống nếu không dùng)</source>
        <translation>Folder the network scanner saves files to (leave empty if not used)</translation>
    </message>
    <message>
        <location filename="../scanning/settings_dialog.py" line="38" />
        <source>Chọn…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <location filename="../scanning/settings_dialog.py" line="44" />
        <source>Độ phân giải:</source>
        <translation>Resolution:</translation>
    </message>
    <message>
        <location filename="../scanning/settings_dialog.py" line="45" />
        <source>Chế độ màu:</source>
        <translation>Colour mode:</translation>
    </message>
    <message>
        <location filename="../scanning/settings_dialog.py" line="46" />
        <source>Chất lượng JPEG:</source>
        <translation>JPEG quality:</translation>
    </message>
    <message>
        <location filename="../scanning/settings_dialog.py" line="48" />
        <source>Thư mục quét:</source>
        <translation>Watched folder:</translation>
    </message>
    <message>
        <location filename="../settings_dialog.py" line="91" />
        <location filename="../scanning/settings_dialog.py" line="49" />
        <source>Lưu</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../scanning/settings_dialog.py" line="55" />
        <source>Chọn thư mục quét</source>
        <translation>Choose the watched folder</translation>
    </message>
    <message>
        <location filename="../scan_panel.py" line="81" />
        <source>Máy quét (bấm để tìm)</source>
        <translation>Scanner (click to search)</translation>
    </message>
    <message>
        <location filename="../scan_panel.py" line="86" />
        <source>Quét (F8)</source>
        <translation>Scan (F8)</translation>
    </message>
    <message>
        <location filename="../scan_panel.py" line="88" />
        <source>Dừng</source>
        <translation>Stop</translation>
    </message>
    <message>
        <location filename="../scan_panel.py" line="91" />
        <source>Nhập tệp…</source>
        <translation>Import files…</translation>
    </message>
    <message>
        <location filename="../scan_panel.py" line="92" />
        <source>Ảnh JPEG, PNG, TIFF hoặc tệp PDF; có thể kéo thả tệp vào khung trang</source>
        <translation>JPEG, PNG or TIFF images or PDF files; you can also drag and drop files into the page area</translation>
    </message>
    <message>
        <location filename="../scan_panel.py" line="94" />
        <source>Thiết lập…</source>
        <translation>Settings…</translation>
    </message>
    <message>
        <location filename="../scan_panel.py" line="99" />
        <source>Nguồn:</source>
        <translation>Source:</translation>
    </message>
    <message>
        <location filename="../scan_panel.py" line="116" />
        <source>Chưa có trang nào. Quét, nhập tệp hoặc kéo thả tệp vào đây.</source>
        <translation>No pages yet. Scan, import files or drag and drop files here.</translation>
    </message>
    <message>
        <location filename="../scan_panel.py" line="127" />
        <source>⟲ Xoay trái</source>
        <translation>⟲ Rotate left</translation>
    </message>
    <message>
        <location filename="../scan_panel.py" line="128" />
        <source>⟳ Xoay phải</source>
        <translation>⟳ Rotate right</translation>
    </message>
    <message>
        <location filename="../scan_panel.py" line="129" />
        <source>◀ Lên trước</source>
        <translation>◀ Move earlier</translation>
    </message>
    <message>
        <location filename="../scan_panel.py" line="130" />
        <source>Ra sau ▶</source>
        <translation>Move later ▶</translation>
    </message>
    <message>
        <location filename="../scan_panel.py" line="131" />
        <source>Xóa trang</source>
        <translation>Delete page</translation>
    </message>
    <message>
        <location filename="../scan_panel.py" line="135" />
        <source>Chuyển sang</source>
        <translation>Move to</translation>
    </message>
    <message>
        <location filename="../scan_panel.py" line="151" />
        <location filename="../scanning/dossier_mode.py" line="127" />
        <location filename="../scanning/dossier_mode.py" line="135" />
        <source>Lưu bản quét</source>
        <translation>Save scans</translation>
    </message>
    <message>
        <location filename="../scan_panel.py" line="173" />
        <source>Ctrl+←</source>
        <translation>Ctrl+←</translation>
    </message>
    <message>
        <location filename="../scan_panel.py" line="174" />
        <source>Ctrl+→</source>
        <translation>Ctrl+→</translation>
    </message>
    <message>
        <location filename="../scan_panel.py" line="176" />
        <source>Phím tắt: {0} (trong khung trang)</source>
        <translation>Shortcut: {0} (in the page area)</translation>
    </message>
    <message>
        <location filename="../scanning/acquisition.py" line="56" />
        <source>Đang tìm máy quét…</source>
        <translation>Searching for scanners…</translation>
    </message>
    <message>
        <location filename="../scanning/acquisition.py" line="67" />
        <source>Không tìm thấy máy quét (vẫn nhập tệp được)</source>
        <translation>No scanner found (files can still be imported)</translation>
    </message>
    <message>
        <location filename="../scanning/acquisition.py" line="75" />
        <source>Không tìm thấy máy quét nào. Hãy kiểm tra máy quét đã bật và cắm cáp (hoặc cài trình điều khiển), rồi mở lại danh sách nguồn; vẫn có thể nhập tệp hoặc kéo thả tệp vào khung trang.</source>
        <translation>No scanner was found. Check that the scanner is on and its cable is plugged in (or install its driver), then open the source list again; you can still import files or drag and drop them into the page area.</translation>
    </message>
    <message>
        <location filename="../scan_panel.py" line="212" />
        <source>{0} dpi · {1} · JPEG {2}</source>
        <translation>{0} dpi · {1} · JPEG {2}</translation>
    </message>
    <message>
        <location filename="../scan_panel.py" line="214" />
        <source> · theo dõi thư mục quét</source>
        <translation> · watched folder on</translation>
    </message>
    <message>
        <location filename="../scan_panel.py" line="222" />
        <source>{0} trang của thành phần đã bỏ được chuyển vào "Chưa xếp thành phần".</source>
        <translation>{0} page(s) of removed components were moved to "Unassigned".</translation>
    </message>
    <message>
        <location filename="../scan_panel.py" line="235" />
        <source> •</source>
        <translation> •</translation>
    </message>
    <message>
        <location filename="../scan_panel.py" line="237" />
        <source>Chưa xếp thành phần ({0}){1}</source>
        <translation>Unassigned ({0}){1}</translation>
    </message>
    <message>
        <location filename="../scan_panel.py" line="239" />
        <source> — ở hệ thống tỉnh</source>
        <translation> — at the province</translation>
    </message>
    <message>
        <location filename="../scan_panel.py" line="254" />
        <source>Chưa xếp thành phần</source>
        <translation>Unassigned</translation>
    </message>
    <message>
        <location filename="../scan_panel.py" line="264" />
        <source>{0} trang · {1}</source>
        <translation>{0} page(s) · {1}</translation>
    </message>
    <message>
        <location filename="../scan_panel.py" line="315" />
        <source>Đã xóa {0} trang.</source>
        <translation>Deleted {0} page(s).</translation>
    </message>
    <message>
        <location filename="../scan_panel.py" line="327" />
        <source>Đã chuyển {0} trang sang "{1}".</source>
        <translation>Moved {0} page(s) to "{1}".</translation>
    </message>
    <message>
        <location filename="../scanning/acquisition.py" line="96" />
        <source>Bỏ qua trang trùng: "{0}" đã có trong hồ sơ.</source>
        <translation>Skipped a duplicate page: "{0}" is already in the dossier.</translation>
    </message>
    <message>
        <location filename="../scanning/acquisition.py" line="127" />
        <source>Đang quét từ {0}…</source>
        <translation>Scanning from {0}…</translation>
    </message>
    <message>
        <location filename="../scanning/acquisition.py" line="142" />
        <source>Đã quét {0} trang.</source>
        <translation>Scanned {0} page(s).</translation>
    </message>
    <message>
        <location filename="../scanning/acquisition.py" line="151" />
        <source>Chọn tệp bản quét</source>
        <translation>Choose scan files</translation>
    </message>
    <message>
        <location filename="../scanning/acquisition.py" line="151" />
        <source>Ảnh và PDF ({0})</source>
        <translation>Images and PDFs ({0})</translation>
    </message>
    <message>
        <location filename="../scanning/acquisition.py" line="162" />
        <source>Đang nhập {0}</source>
        <translation>Importing {0}</translation>
    </message>
    <message>
        <location filename="../scanning/acquisition.py" line="173" />
        <source>Đã nhập {0} trang.</source>
        <translation>Imported {0} page(s).</translation>
    </message>
    <message>
        <location filename="../scanning/acquisition.py" line="188" />
        <source>Có {0} trang mới từ thư mục quét trong "Chưa xếp thành phần": chọn trang rồi "Chuyển sang" thành phần phù hợp.</source>
        <translation>{0} new page(s) from the watched folder are in "Unassigned": select them, then use "Move to" to put them in the right component.</translation>
    </message>
    <message>
        <location filename="../scan_panel.py" line="348" />
        <source>Đã lưu thiết lập quét.</source>
        <translation>Scan settings saved.</translation>
    </message>
    <message>
        <location filename="../scanning/dossier_mode.py" line="37" />
        <source>Đang tải bản quét…</source>
        <translation>Loading scans…</translation>
    </message>
    <message>
        <location filename="../scanning/dossier_mode.py" line="53" />
        <source>Đang tải bản quét từ hệ thống tỉnh…</source>
        <translation>Fetching scans from the provincial system…</translation>
    </message>
    <message>
        <location filename="../scanning/dossier_mode.py" line="65" />
        <source>Đã tải bản quét từ hệ thống tỉnh về máy.</source>
        <translation>Scans fetched back from the provincial system.</translation>
    </message>
    <message>
        <location filename="../scanning/dossier_mode.py" line="92" />
        <source>Một số bản quét đã được gỡ khỏi máy sau khi tải lên tỉnh; không sửa được ở đây.</source>
        <translation>Some scans were removed from this computer after being uploaded to the province; they cannot be edited here.</translation>
    </message>
    <message>
        <location filename="../scanning/dossier_mode.py" line="108" />
        <source>Thành phần {0} có bản quét chỉ còn ở hệ thống tỉnh; hãy mở lại hồ sơ khi có mạng để tải về rồi mới sửa.</source>
        <translation>Component {0} has a scan kept only by the provincial system; reopen the dossier when online to fetch it before editing.</translation>
    </message>
    <message>
        <location filename="../scanning/dossier_mode.py" line="130" />
        <source>Đã lưu bản quét của hồ sơ.</source>
        <translation>Dossier scans saved.</translation>
    </message>
    <message>
        <location filename="../tasks.py" line="46" />
        <source>Đã xảy ra lỗi khi xử lý, thao tác chưa hoàn tất. Hãy thử lại; nếu lỗi lặp lại, báo cho người quản trị (chi tiết đã được ghi vào nhật ký).</source>
        <translation>Something went wrong and the operation did not complete. Please try again; if it happens again, tell the administrator (the details were written to the log).</translation>
    </message>
    <message>
        <location filename="../tasks.py" line="63" />
        <source>Có lỗi</source>
        <translation>Error</translation>
    </message>
    <message>
        <location filename="../intake/questions.py" line="25" />
        <source>Còn trang quét chưa xếp thành phần</source>
        <translation>Scanned pages not assigned to a component</translation>
    </message>
    <message>
        <location filename="../intake/questions.py" line="26" />
        <source>Còn {0} trang quét chưa được xếp vào thành phần hồ sơ nào. Các trang này sẽ không được lưu cùng hồ sơ.</source>
        <translation>{0} scanned page(s) are not assigned to any component. They will not be saved with the dossier.</translation>
    </message>
    <message>
        <location filename="../intake/questions.py" line="29" />
        <source>Xếp thành phần</source>
        <translation>Assign components</translation>
    </message>
    <message>
        <location filename="../intake/questions.py" line="30" />
        <source>Bỏ các trang này và lưu</source>
        <translation>Discard these pages and save</translation>
    </message>
    <message>
        <location filename="../online_view.py" line="203" />
        <location filename="../intake/outcome.py" line="29" />
        <source>Hướng dẫn bổ sung, hoàn thiện hồ sơ (Mẫu 02)</source>
        <translation>Guidance to complete the dossier (Form 02)</translation>
    </message>
    <message>
        <location filename="../online_view.py" line="206" />
        <location filename="../intake/outcome.py" line="30" />
        <source>Từ chối tiếp nhận hồ sơ (Mẫu 03)</source>
        <translation>Refusal to receive the dossier (Form 03)</translation>
    </message>
    <message>
        <location filename="../intake/outcome.py" line="31" />
        <source>Hướng dẫn nộp hồ sơ trực tuyến</source>
        <translation>Guide to submitting online</translation>
    </message>
    <message>
        <location filename="../intake/outcome.py" line="35" />
        <source>Mẫu 02 – Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ</source>
        <translation>Form 02 – Request to supplement and complete the dossier</translation>
    </message>
    <message>
        <location filename="../intake/outcome.py" line="36" />
        <source>Mẫu 03 – Phiếu từ chối tiếp nhận giải quyết hồ sơ</source>
        <translation>Form 03 – Refusal to receive the dossier</translation>
    </message>
    <message>
        <location filename="../intake/outcome.py" line="37" />
        <source>Phiếu hướng dẫn nộp hồ sơ trực tuyến</source>
        <translation>Guide to submitting online</translation>
    </message>
    <message>
        <location filename="../intake/outcome.py" line="51" />
        <source>Hồ sơ chưa đủ thành phần: hồ sơ KHÔNG được tiếp nhận, không cấp mã hồ sơ. Công dân được hướng dẫn bằng Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (Mẫu 02).</source>
        <translation>The dossier is incomplete: it is NOT received and gets no dossier code. The citizen is guided with the request to supplement and complete the dossier (Form 02).</translation>
    </message>
    <message>
        <location filename="../intake/outcome.py" line="53" />
        <source>Hồ sơ không đủ điều kiện hoặc không thuộc thẩm quyền: hồ sơ KHÔNG được tiếp nhận, không cấp mã hồ sơ. Công dân nhận Phiếu từ chối tiếp nhận giải quyết hồ sơ (Mẫu 03) ghi rõ lý do.</source>
        <translation>The dossier is not eligible or not within this body's competence: it is NOT received and gets no dossier code. The citizen receives the refusal (Form 03) stating the reason.</translation>
    </message>
    <message>
        <location filename="../intake/outcome.py" line="55" />
        <source>Công dân nộp thủ tục này trên Cổng Dịch vụ công: hồ sơ KHÔNG được tiếp nhận tại quầy. Công dân nhận phiếu hướng dẫn có mã QR đường liên kết của thủ tục; lần hướng dẫn được đếm trong thống kê.</source>
        <translation>The citizen submits this procedure on the Public Service Portal: the dossier is NOT received at the counter. The citizen gets a guide with a QR code of the procedure's link; the guidance is counted in the statistics.</translation>
    </message>
    <message>
        <location filename="../intake/outcome.py" line="58" />
        <source>Thủ tục: {0}</source>
        <translation>Procedure: {0}</translation>
    </message>
    <message>
        <location filename="../intake/outcome.py" line="63" />
        <source>Mỗi dòng một giấy tờ</source>
        <translation>One paper per line</translation>
    </message>
    <message>
        <location filename="../intake/outcome.py" line="66" />
        <source>Lý do hướng dẫn bổ sung</source>
        <translation>Reason for the guidance</translation>
    </message>
    <message>
        <location filename="../intake/outcome.py" line="66" />
        <source>Lý do từ chối tiếp nhận</source>
        <translation>Reason for refusing</translation>
    </message>
    <message>
        <location filename="../intake/outcome.py" line="69" />
        <source>&amp;Giấy tờ cần bổ sung, hoàn thiện:</source>
        <translation>&amp;Papers to supplement or complete:</translation>
    </message>
    <message>
        <location filename="../intake/outcome.py" line="71" />
        <source>&amp;Ghi chú:</source>
        <translation>&amp;Note:</translation>
    </message>
    <message>
        <location filename="../intake/outcome.py" line="188" />
        <source>Đã hướng dẫn nộp hồ sơ trực tuyến (phiếu số {0}); hồ sơ không tiếp nhận tại quầy.</source>
        <translation>Guided to submit online (sheet {0}); the dossier was not received at the counter.</translation>
    </message>
    <message>
        <location filename="../extension_dialog.py" line="31" />
        <source>Gia hạn theo quy định / thỏa thuận — {0}</source>
        <translation>Lawful / agreed extension — {0}</translation>
    </message>
    <message>
        <location filename="../extension_dialog.py" line="38" />
        <source>Thêm &amp;số ngày làm việc:</source>
        <translation>Add working &amp;days:</translation>
    </message>
    <message>
        <location filename="../extension_dialog.py" line="41" />
        <source>Theo &amp;thỏa thuận bằng văn bản, hẹn trả:</source>
        <translation>By written &amp;agreement, return on:</translation>
    </message>
    <message>
        <location filename="../extension_dialog.py" line="55" />
        <source>Ví dụ: bản chính nhiều trang, yêu cầu nhiều bản sao</source>
        <translation>For example: a long original, many copies asked</translation>
    </message>
    <message>
        <location filename="../extension_dialog.py" line="57" />
        <source>Hẹn trả hiện tại:</source>
        <translation>Current appointment:</translation>
    </message>
    <message>
        <location filename="../extension_dialog.py" line="58" />
        <location filename="../intake/exemption_box.py" line="37" />
        <source>Căn cứ:</source>
        <translation>Basis:</translation>
    </message>
    <message>
        <location filename="../extension_dialog.py" line="61" />
        <location filename="../intake/outcome.py" line="71" />
        <source>&amp;Lý do:</source>
        <translation>&amp;Reason:</translation>
    </message>
    <message>
        <location filename="../extension_dialog.py" line="62" />
        <source>Ghi nhận và in văn bản thỏa thuận</source>
        <translation>Record and print the agreement</translation>
    </message>
    <message>
        <location filename="../intake/outcome.py" line="81" />
        <source>Lập phiếu Mẫu 02</source>
        <translation>Issue Form 02</translation>
    </message>
    <message>
        <location filename="../intake/outcome.py" line="81" />
        <source>Lập phiếu Mẫu 03</source>
        <translation>Issue Form 03</translation>
    </message>
    <message>
        <location filename="../intake/outcome.py" line="82" />
        <source>Lập phiếu hướng dẫn</source>
        <translation>Make the guide</translation>
    </message>
    <message>
        <location filename="../online_view.py" line="108" />
        <location filename="../intake/outcome.py" line="83" />
        <location filename="../intake/questions.py" line="31" />
        <location filename="../intake/questions.py" line="70" />
        <source>Quay lại</source>
        <translation>Go back</translation>
    </message>
    <message>
        <location filename="../intake/outcome.py" line="100" />
        <source>Cần liệt kê ít nhất một giấy tờ phải bổ sung.</source>
        <translation>List at least one paper to supplement.</translation>
    </message>
    <message>
        <location filename="../intake/outcome.py" line="102" />
        <source>Lý do không được để trống.</source>
        <translation>The reason must not be empty.</translation>
    </message>
    <message>
        <location filename="../intake/outcome.py" line="121" />
        <source>Xem trước bản in — phiếu số {0}</source>
        <translation>Print preview — slip no. {0}</translation>
    </message>
    <message>
        <location filename="../intake/outcome.py" line="147" />
        <source>Chưa lập được phiếu: chưa chọn thủ tục hành chính.</source>
        <translation>The slip was not issued: no administrative procedure chosen.</translation>
    </message>
    <message>
        <location filename="../intake/outcome.py" line="157" />
        <location filename="../intake/outcome.py" line="172" />
        <source>Chưa lập được phiếu:
</source>
        <translation>The slip was not issued:
</translation>
    </message>
    <message>
        <location filename="../intake/outcome.py" line="184" />
        <source>Hồ sơ KHÔNG được tiếp nhận (không có mã hồ sơ). Đã lập Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (Mẫu 02) số {0}.</source>
        <translation>The dossier was NOT received (no dossier code). Request to supplement and complete (Form 02) no. {0} issued.</translation>
    </message>
    <message>
        <location filename="../intake/outcome.py" line="186" />
        <source>Hồ sơ KHÔNG được tiếp nhận (không có mã hồ sơ). Đã lập Phiếu từ chối tiếp nhận giải quyết hồ sơ (Mẫu 03) số {0}.</source>
        <translation>The dossier was NOT received (no dossier code). Refusal (Form 03) no. {0} issued.</translation>
    </message>
    <message>
        <location filename="../intake/questions.py" line="42" />
        <source>Ngày đã chốt số liệu</source>
        <translation>Day already closed</translation>
    </message>
    <message>
        <location filename="../intake/questions.py" line="43" />
        <source>Ngày {0} đã được chốt số liệu tại quầy này. Hồ sơ tiếp nhận bây giờ sẽ làm số liệu của ngày khác với biên bản đã chốt (giám sát viên sẽ thấy chênh lệch khi đối chiếu).

Vẫn tiếp nhận?</source>
        <translation>Day {0} has already been closed at this counter. A dossier received now will make that day's figures differ from the signed closing sheet (the supervisor will see the difference when reconciling).

Receive it anyway?</translation>
    </message>
    <message>
        <location filename="../intake/questions.py" line="47" />
        <source>&amp;Vẫn tiếp nhận</source>
        <translation>&amp;Receive anyway</translation>
    </message>
    <message>
        <location filename="../intake/questions.py" line="48" />
        <source>&amp;Quay lại</source>
        <translation>&amp;Go back</translation>
    </message>
    <message>
        <location filename="../intake/questions.py" line="61" />
        <source>Thiếu thành phần hồ sơ bắt buộc</source>
        <translation>Required components missing</translation>
    </message>
    <message>
        <location filename="../intake/questions.py" line="62" />
        <source>Lãnh đạo có thể vẫn tiếp nhận hồ sơ; lý do được ghi vào nhật ký.</source>
        <translation>A supervisor may still receive the dossier; the reason is written to the audit log.</translation>
    </message>
    <message>
        <location filename="../intake/questions.py" line="66" />
        <source>Lý do tiếp nhận khi thiếu thành phần bắt buộc</source>
        <translation>Reason for receiving without the required components</translation>
    </message>
    <message>
        <location filename="../intake/questions.py" line="70" />
        <source>Vẫn tiếp nhận</source>
        <translation>Receive anyway</translation>
    </message>
    <message>
        <location filename="../day_sheet.py" line="38" />
        <source>&amp;In biên bản…</source>
        <translation>&amp;Print sheet…</translation>
    </message>
    <message>
        <location filename="../day_sheet.py" line="39" />
        <source>&amp;Lưu PDF…</source>
        <translation>&amp;Save PDF…</translation>
    </message>
    <message>
        <location filename="../day_sheet.py" line="40" />
        <source>In biên bản chốt số liệu của ngày đang xem</source>
        <translation>Print the closing sheet of the day shown</translation>
    </message>
    <message>
        <location filename="../day_sheet.py" line="41" />
        <source>Lưu biên bản chốt số liệu của ngày đang xem thành tệp PDF</source>
        <translation>Save the closing sheet of the day shown as a PDF file</translation>
    </message>
    <message>
        <location filename="../day_sheet.py" line="62" />
        <source>Không dựng được biên bản: {0}</source>
        <translation>Could not build the sheet: {0}</translation>
    </message>
    <message>
        <location filename="../day_sheet.py" line="77" />
        <source>Lưu biên bản chốt số liệu ngày</source>
        <translation>Save the day closing sheet</translation>
    </message>
    <message>
        <location filename="../day_sheet.py" line="93" />
        <source>Đã lưu biên bản chốt số liệu ngày {0}: {1}</source>
        <translation>Saved the closing sheet of {0}: {1}</translation>
    </message>
    <message>
        <location filename="../day_sheet.py" line="105" />
        <source>In biên bản chốt số liệu ngày {0}</source>
        <translation>Print the closing sheet of {0}</translation>
    </message>
    <message>
        <location filename="../day_sheet.py" line="121" />
        <source>Đã gửi biên bản ({0} trang) tới máy in.</source>
        <translation>Sent the sheet ({0} pages) to the printer.</translation>
    </message>
    <message>
        <location filename="../recovery_key_dialog.py" line="22" />
        <source>kho khóa của hệ điều hành (Windows Credential Manager)</source>
        <translation>the operating system's key store (Windows Credential Manager)</translation>
    </message>
    <message>
        <location filename="../recovery_key_dialog.py" line="23" />
        <source>tệp db.key cạnh dữ liệu (chỉ tài khoản Windows này đọc được)</source>
        <translation>the db.key file next to the data (readable only by this Windows account)</translation>
    </message>
    <message>
        <location filename="../recovery_key_dialog.py" line="31" />
        <source>Khóa khôi phục cơ sở dữ liệu</source>
        <translation>Database recovery key</translation>
    </message>
    <message>
        <location filename="../recovery_key_dialog.py" line="34" />
        <source>Cơ sở dữ liệu của trạm đã được mã hóa. Khóa giải mã được giữ trong {0}. Nếu máy hỏng, cài lại Windows hoặc mất kho khóa mà không có khóa khôi phục thì toàn bộ hồ sơ và các bản sao lưu sẽ không đọc được nữa, kể cả với người hỗ trợ kỹ thuật.

Hãy lưu khóa khôi phục ra USB ngay bây giờ. Người giám sát cất USB ở nơi an toàn (tủ có khóa), không để cùng máy tiếp nhận.</source>
        <translation>The station's database is encrypted. The decryption key is kept in {0}. If the PC breaks, Windows is reinstalled or the key store is lost without the recovery key, every dossier and every backup becomes unreadable, even for technical support.

Save the recovery key to a USB stick now. The supervisor keeps the USB stick somewhere safe (a locked cabinet), not with the intake PC.</translation>
    </message>
    <message>
        <location filename="../recovery_key_dialog.py" line="43" />
        <source>&amp;Lưu khóa khôi phục ra USB…</source>
        <translation>Save the recovery key to &amp;USB…</translation>
    </message>
    <message>
        <location filename="../recovery_key_dialog.py" line="46" />
        <source>&amp;Xong</source>
        <translation>&amp;Done</translation>
    </message>
    <message>
        <location filename="../recovery_key_dialog.py" line="59" />
        <source>Lưu khóa khôi phục</source>
        <translation>Save the recovery key</translation>
    </message>
    <message>
        <location filename="../recovery_key_dialog.py" line="59" />
        <source>Tệp khóa (*.key)</source>
        <translation>Key files (*.key)</translation>
    </message>
    <message>
        <location filename="../recovery_key_dialog.py" line="68" />
        <source>Đã lưu khóa khôi phục vào {0} (dấu vân tay {1}). Rút USB và cất giữ nơi an toàn.</source>
        <translation>Recovery key saved to {0} (fingerprint {1}). Remove the USB stick and keep it somewhere safe.</translation>
    </message>
    <message>
        <location filename="../recovery_key_dialog.py" line="74" />
        <source>Không lưu được khóa: {0}</source>
        <translation>Could not save the key: {0}</translation>
    </message>
    <message>
        <location filename="../recovery_key_dialog.py" line="81" />
        <source>Chưa lưu khóa khôi phục</source>
        <translation>Recovery key not saved</translation>
    </message>
    <message>
        <location filename="../recovery_key_dialog.py" line="82" />
        <source>Chưa lưu khóa khôi phục. Có thể lưu sau ở Quản trị → Cài đặt trạm…, nhưng nếu máy hỏng trước đó thì mất toàn bộ dữ liệu. Vẫn để sau?</source>
        <translation>The recovery key has not been saved. You can save it later under Administration → Station settings…, but if the PC breaks before then all data is lost. Leave it for later?</translation>
    </message>
    <message>
        <location filename="../session.py" line="33" />
        <source>&amp;Tài khoản</source>
        <translation>&amp;Account</translation>
    </message>
    <message>
        <location filename="../session.py" line="35" />
        <source>Đổi &amp;mật khẩu…</source>
        <translation>Change &amp;password…</translation>
    </message>
    <message>
        <location filename="../session.py" line="36" />
        <source>&amp;Quản lý tài khoản…</source>
        <translation>&amp;Manage accounts…</translation>
    </message>
    <message>
        <location filename="../session.py" line="38" />
        <source>Đăng &amp;xuất / Đổi người dùng</source>
        <translation>Sign &amp;out / Switch user</translation>
    </message>
    <message>
        <location filename="../session.py" line="47" />
        <source>Đã đổi mật khẩu.</source>
        <translation>Password changed.</translation>
    </message>
    <message>
        <location filename="../session.py" line="113" />
        <source>Đang làm việc: {0}</source>
        <translation>Working: {0}</translation>
    </message>
    <message>
        <location filename="../session.py" line="123" />
        <source>Hồ sơ đang nhập ở thẻ Tiếp nhận chưa được lưu. Đăng xuất sẽ bỏ các thông tin đã nhập.</source>
        <translation>The dossier being entered on the Intake tab has not been saved. Signing out discards what was entered.</translation>
    </message>
    <message>
        <location filename="../session.py" line="124" />
        <source>Đăng xuất và bỏ hồ sơ đang nhập</source>
        <translation>Sign out and discard the dossier being entered</translation>
    </message>
    <message>
        <location filename="../intake/draft.py" line="198" />
        <source>(chưa có tên)</source>
        <translation>(no name yet)</translation>
    </message>
    <message>
        <location filename="../intake/draft.py" line="199" />
        <source>(chưa chọn thủ tục)</source>
        <translation>(no procedure chosen)</translation>
    </message>
    <message>
        <location filename="../intake/draft.py" line="200" />
        <source>Hồ sơ đang nhập dở</source>
        <translation>Unfinished dossier</translation>
    </message>
    <message>
        <location filename="../intake/draft.py" line="201" />
        <source>Lần trước (lúc {0}) còn một hồ sơ chưa lưu:
{1}
Người nộp: {2}

Khôi phục để nhập tiếp? (Các trang đã quét không được giữ; hãy quét lại.)</source>
        <translation>Last time (at {0}) a dossier was left unsaved:
{1}
Applicant: {2}

Restore it and carry on? (Scanned pages are not kept; scan them again.)</translation>
    </message>
    <message>
        <location filename="../intake/draft.py" line="204" />
        <source>&amp;Khôi phục</source>
        <translation>&amp;Restore</translation>
    </message>
    <message>
        <location filename="../intake/draft.py" line="205" />
        <source>&amp;Bỏ bản nháp</source>
        <translation>&amp;Discard the draft</translation>
    </message>
    <message>
        <location filename="../help_view.py" line="63" />
        <source>Hướng dẫn sử dụng</source>
        <translation>User guide</translation>
    </message>
    <message>
        <location filename="../help_view.py" line="72" />
        <source>← &amp;Quay lại</source>
        <translation>← &amp;Back</translation>
    </message>
    <message>
        <location filename="../help_view.py" line="73" />
        <source>Về trang trước (Alt+←)</source>
        <translation>Back to the previous page (Alt+←)</translation>
    </message>
    <message>
        <location filename="../help_view.py" line="76" />
        <source>&amp;Mục lục</source>
        <translation>&amp;Contents</translation>
    </message>
    <message>
        <location filename="../help_view.py" line="118" />
        <source>&lt;p&gt;Đang tải hướng dẫn…&lt;/p&gt;</source>
        <translation>&lt;p&gt;Loading the guide…&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../help_view.py" line="125" />
        <source>Hướng dẫn — {0}</source>
        <translation>Guide — {0}</translation>
    </message>
    <message>
        <location filename="../help_view.py" line="137" />
        <source>&lt;p&gt;Không đọc được các trang hướng dẫn: {0}&lt;/p&gt;</source>
        <translation>&lt;p&gt;Could not read the guide pages: {0}&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../supplement_papers.py" line="45" />
        <source>Tên giấy tờ nhận thêm, nhấn Enter để thêm vào bảng</source>
        <translation>Name of a further document received; press Enter to add it to the table</translation>
    </message>
    <message>
        <location filename="../supplement_papers.py" line="46" />
        <source>Thê&amp;m giấy tờ</source>
        <translation>Add docu&amp;ment</translation>
    </message>
    <message>
        <location filename="../sync_setup_dialog.py" line="39" />
        <source>Chỉ giám sát hoặc quản trị viên thiết lập được đồng bộ.</source>
        <translation>Only a supervisor or administrator can set up sync.</translation>
    </message>
    <message>
        <location filename="../sync_setup_dialog.py" line="92" />
        <source>Thiết lập đồng bộ với hệ thống tỉnh</source>
        <translation>Sync set-up with the provincial system</translation>
    </message>
    <message>
        <location filename="../sync_setup_dialog.py" line="101" />
        <source>&amp;Hiện</source>
        <translation>&amp;Show</translation>
    </message>
    <message>
        <location filename="../sync_setup_dialog.py" line="105" />
        <source>(không bắt buộc) tệp .pem của tỉnh</source>
        <translation>(optional) the province's .pem file</translation>
    </message>
    <message>
        <location filename="../sync_setup_dialog.py" line="106" />
        <source>Chọn &amp;tệp…</source>
        <translation>Choose &amp;file…</translation>
    </message>
    <message>
        <location filename="../sync_setup_dialog.py" line="118" />
        <source>&amp;Kiểm tra kết nối</source>
        <translation>&amp;Test connection</translation>
    </message>
    <message>
        <location filename="../sync_setup_dialog.py" line="130" />
        <source>Địa chỉ &amp;máy chủ:</source>
        <translation>Server &amp;address:</translation>
    </message>
    <message>
        <location filename="../sync_setup_dialog.py" line="131" />
        <source>Mã t&amp;rạm:</source>
        <translation>S&amp;tation code:</translation>
    </message>
    <message>
        <location filename="../sync_setup_dialog.py" line="132" />
        <source>Khóa &amp;bí mật của trạm:</source>
        <translation>Station's secret &amp;key:</translation>
    </message>
    <message>
        <location filename="../sync_setup_dialog.py" line="133" />
        <source>Chứng chỉ &amp;CA:</source>
        <translation>&amp;CA certificate:</translation>
    </message>
    <message>
        <location filename="../sync_setup_dialog.py" line="134" />
        <source>Bộ chuyển đổ&amp;i:</source>
        <translation>Adapt&amp;er:</translation>
    </message>
    <message>
        <location filename="../sync_setup_dialog.py" line="142" />
        <source>&amp;Lưu</source>
        <translation>&amp;Save</translation>
    </message>
    <message>
        <location filename="../sync_setup_dialog.py" line="192" />
        <source>(để trống: giữ khóa đang dùng)</source>
        <translation>(leave empty to keep the current key)</translation>
    </message>
    <message>
        <location filename="../sync_setup_dialog.py" line="200" />
        <source>Chú ý: http:// không mã hóa đường truyền; khóa bí mật của trạm có thể bị lộ. Chỉ dùng khi thử nghiệm; hệ thống thật dùng https://.</source>
        <translation>Note: http:// does not encrypt the connection; the station's secret key could leak. Use it only for testing; the real system uses https://.</translation>
    </message>
    <message>
        <location filename="../sync_setup_dialog.py" line="212" />
        <source>Chọn tệp chứng chỉ CA</source>
        <translation>Choose the CA certificate file</translation>
    </message>
    <message>
        <location filename="../sync_setup_dialog.py" line="212" />
        <source>Chứng chỉ (*.pem *.crt *.cer);;Mọi tệp (*)</source>
        <translation>Certificates (*.pem *.crt *.cer);;All files (*)</translation>
    </message>
    <message>
        <location filename="../sync_setup_dialog.py" line="220" />
        <source>Hãy nhập địa chỉ máy chủ của hệ thống tỉnh.</source>
        <translation>Enter the provincial system's server address.</translation>
    </message>
    <message>
        <location filename="../sync_setup_dialog.py" line="224" />
        <source>Đang kiểm tra kết nối…</source>
        <translation>Testing the connection…</translation>
    </message>
    <message>
        <location filename="../rating_window.py" line="24" />
        <source>Việc tiếp nhận hồ sơ của ông/bà vừa xong.</source>
        <translation>Your dossier has just been received.</translation>
    </message>
    <message>
        <location filename="../rating_window.py" line="25" />
        <source>Ông/bà vừa nhận kết quả giải quyết hồ sơ.</source>
        <translation>You have just received the result of your dossier.</translation>
    </message>
    <message>
        <location filename="../rating_window.py" line="39" />
        <source>Đánh giá sự phục vụ</source>
        <translation>Rate our service</translation>
    </message>
    <message>
        <location filename="../rating_window.py" line="44" />
        <source>Xin ông/bà cho biết mức độ hài lòng với sự phục vụ của chúng tôi</source>
        <translation>How satisfied are you with our service?</translation>
    </message>
    <message>
        <location filename="../rating_window.py" line="50" />
        <source>Chạm vào một ô để đánh giá.</source>
        <translation>Tap one box to rate.</translation>
    </message>
    <message>
        <location filename="../rating_window.py" line="69" />
        <source>Bỏ qua (Esc)</source>
        <translation>Skip (Esc)</translation>
    </message>
    <message>
        <location filename="../rating_window.py" line="112" />
        <source>Cảm ơn ông/bà đã đánh giá!</source>
        <translation>Thank you for your rating!</translation>
    </message>
    <message>
        <location filename="../rating_window.py" line="117" />
        <source>Chưa lưu được đánh giá: {0}</source>
        <translation>The rating was not saved: {0}</translation>
    </message>
    <message>
        <location filename="../sync_gateway_fields.py" line="12" />
        <source>Hệ thống tỉnh theo giao thức tham chiếu (reference)</source>
        <translation>Provincial system, reference protocol (reference)</translation>
    </message>
    <message>
        <location filename="../sync_gateway_fields.py" line="13" />
        <source>Cổng LGSP: đăng nhập, DongBoHoSoMC (lgsp)</source>
        <translation>LGSP gateway: login, DongBoHoSoMC (lgsp)</translation>
    </message>
    <message>
        <location filename="../sync_gateway_fields.py" line="14" />
        <source>Ba địa chỉ: thêm mới, cập nhật, tiến trình (three-url)</source>
        <translation>Three addresses: create, update, progress (three-url)</translation>
    </message>
    <message>
        <location filename="../sync_gateway_fields.py" line="21" />
        <source>Địa chỉ cổng LG&amp;SP:</source>
        <translation>LG&amp;SP gateway address:</translation>
    </message>
    <message>
        <location filename="../sync_gateway_fields.py" line="22" />
        <source>Đường dẫn đăng &amp;nhập:</source>
        <translation>Log&amp;in path:</translation>
    </message>
    <message>
        <location filename="../sync_gateway_fields.py" line="23" />
        <source>Đường dẫn tích hợ&amp;p:</source>
        <translation>Integration &amp;path:</translation>
    </message>
    <message>
        <location filename="../sync_gateway_fields.py" line="24" />
        <source>Mã đơn &amp;vị (madonvi):</source>
        <translation>&amp;Unit code (madonvi):</translation>
    </message>
    <message>
        <location filename="../sync_gateway_fields.py" line="25" />
        <source>Tên đăng nhập cổn&amp;g:</source>
        <translation>&amp;Gateway user name:</translation>
    </message>
    <message>
        <location filename="../sync_gateway_fields.py" line="26" />
        <source>Mật khẩ&amp;u cổng:</source>
        <translation>Gateway pass&amp;word:</translation>
    </message>
    <message>
        <location filename="../sync_gateway_fields.py" line="27" />
        <location filename="../sync_gateway_fields.py" line="33" />
        <source>Địa chỉ tải tệp công kh&amp;ai:</source>
        <translation>Public file &amp;download address:</translation>
    </message>
    <message>
        <location filename="../sync_gateway_fields.py" line="27" />
        <location filename="../sync_gateway_fields.py" line="33" />
        <source>(không bắt buộc)</source>
        <translation>(optional)</translation>
    </message>
    <message>
        <location filename="../sync_gateway_fields.py" line="30" />
        <source>Địa chỉ thêm mới hồ &amp;sơ:</source>
        <translation>&amp;Create dossier address:</translation>
    </message>
    <message>
        <location filename="../sync_gateway_fields.py" line="31" />
        <source>Địa chỉ cậ&amp;p nhật hồ sơ:</source>
        <translation>U&amp;pdate dossier address:</translation>
    </message>
    <message>
        <location filename="../sync_gateway_fields.py" line="32" />
        <source>Địa chỉ đồng bộ tiến trì&amp;nh:</source>
        <translation>Progress sy&amp;nc address:</translation>
    </message>
    <message>
        <location filename="../sync_gateway_fields.py" line="76" />
        <source>(để trống: giữ mật khẩu đang dùng)</source>
        <translation>(leave empty: keep the current password)</translation>
    </message>
    <message>
        <location filename="../intake/exemption_box.py" line="22" />
        <source>&amp;Miễn, giảm phí, lệ phí</source>
        <translation>Fee &amp;exemption or reduction</translation>
    </message>
    <message>
        <location filename="../intake/exemption_box.py" line="36" />
        <source>Đối tượng:</source>
        <translation>Who:</translation>
    </message>
    <message>
        <location filename="../intake/exemption_box.py" line="38" />
        <source>Giấy tờ chứng minh:</source>
        <translation>Proof:</translation>
    </message>
    <message>
        <location filename="../intake/exemption_box.py" line="39" />
        <source>Phí, lệ phí phải nộp:</source>
        <translation>Fees due:</translation>
    </message>
    <message>
        <location filename="../intake/exemption_box.py" line="59" />
        <source>miễn</source>
        <translation>exempt</translation>
    </message>
    <message>
        <location filename="../intake/exemption_box.py" line="59" />
        <source>giảm {0}%</source>
        <translation>{0}% off</translation>
    </message>
    <message>
        <location filename="../intake/exemption_box.py" line="84" />
        <source>{0}, còn {1}</source>
        <translation>{0}, {1} left</translation>
    </message>
    <message>
        <location filename="../online_view.py" line="94" />
        <source>Kiểm tra thành phần hồ sơ trước khi tiếp nhận</source>
        <translation>Check the dossier's components before receiving it</translation>
    </message>
    <message>
        <location filename="../online_view.py" line="95" />
        <source>Hồ sơ {0} — {1}.
Đánh dấu các thành phần đã có: có tệp đính kèm, hoặc đã kiểm tra bản chính (ví dụ giấy tờ xuất trình). (*) là thành phần bắt buộc.</source>
        <translation>Dossier {0} - {1}.
Tick the components that are there: with an attached file, or whose original was checked (for example a paper shown). (*) marks a required component.</translation>
    </message>
    <message>
        <location filename="../online_view.py" line="103" />
        <source> — có tệp đính kèm</source>
        <translation> - file attached</translation>
    </message>
    <message>
        <location filename="../online_view.py" line="103" />
        <source> — không có tệp</source>
        <translation> - no file</translation>
    </message>
    <message>
        <location filename="../online_view.py" line="166" />
        <source>&lt;b&gt;Hồ sơ trực tuyến chờ tiếp nhận&lt;/b&gt;</source>
        <translation>&lt;b&gt;Online dossiers waiting to be received&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../online_view.py" line="170" />
        <source>Nộp lúc</source>
        <translation>Submitted</translation>
    </message>
    <message>
        <location filename="../online_view.py" line="170" />
        <source>Đã chờ (giờ)</source>
        <translation>Waited (hours)</translation>
    </message>
    <message>
        <location filename="../online_view.py" line="171" />
        <source>Tệp</source>
        <translation>Files</translation>
    </message>
    <message>
        <location filename="../online_view.py" line="180" />
        <source>Không có hồ sơ trực tuyến nào chờ tiếp nhận.</source>
        <translation>No online dossier is waiting to be received.</translation>
    </message>
    <message>
        <location filename="../online_view.py" line="199" />
        <source>Tiếp nhận (Ctrl+S)</source>
        <translation>Receive (Ctrl+S)</translation>
    </message>
    <message>
        <location filename="../online_view.py" line="200" />
        <source>Tiếp nhận hồ sơ: cấp hẹn trả, in Mẫu 01</source>
        <translation>Receive the dossier: a due date, Form 01 printed</translation>
    </message>
    <message>
        <location filename="../online_view.py" line="202" />
        <source>&amp;Bổ sung – Mẫu 02 (Ctrl+G)</source>
        <translation>&amp;Complete - Form 02 (Ctrl+G)</translation>
    </message>
    <message>
        <location filename="../online_view.py" line="205" />
        <source>Từ &amp;chối – Mẫu 03 (Ctrl+T)</source>
        <translation>&amp;Refuse - Form 03 (Ctrl+T)</translation>
    </message>
    <message>
        <location filename="../online_view.py" line="227" />
        <source>Tệp đính kèm:</source>
        <translation>Attached files:</translation>
    </message>
    <message>
        <location filename="../online_view.py" line="289" />
        <source>Không đọc được danh sách hồ sơ trực tuyến.</source>
        <translation>The list of online dossiers could not be read.</translation>
    </message>
    <message>
        <location filename="../online_view.py" line="299" />
        <source>{0} / {1}</source>
        <translation>{0} / {1}</translation>
    </message>
    <message>
        <location filename="../online_view.py" line="301" />
        <source>{0} — quá hạn</source>
        <translation>{0} - overdue</translation>
    </message>
    <message>
        <location filename="../online_view.py" line="303" />
        <source>{0}/{1}</source>
        <translation>{0}/{1}</translation>
    </message>
    <message>
        <location filename="../online_view.py" line="350" />
        <source>&lt;b&gt;{0}&lt;/b&gt; — {1}</source>
        <translation>&lt;b&gt;{0}&lt;/b&gt; - {1}</translation>
    </message>
    <message>
        <location filename="../online_view.py" line="351" />
        <source>Người nộp: {0}</source>
        <translation>Applicant: {0}</translation>
    </message>
    <message>
        <location filename="../online_view.py" line="352" />
        <source>Nộp trên Cổng Dịch vụ công lúc {0}; đã chờ {1} / {2} giờ làm việc.</source>
        <translation>Submitted on the public service portal at {0}; waited {1} / {2} working hours.</translation>
    </message>
    <message>
        <location filename="../online_view.py" line="355" />
        <source>Trích yếu: {0}</source>
        <translation>Summary: {0}</translation>
    </message>
    <message>
        <location filename="../online_view.py" line="363" />
        <source> (đang tải về…)</source>
        <translation> (downloading...)</translation>
    </message>
    <message>
        <location filename="../online_view.py" line="363" />
        <source> (tải về lỗi, sẽ thử lại)</source>
        <translation> (download failed, will retry)</translation>
    </message>
    <message>
        <location filename="../online_view.py" line="365" />
        <source>{0}. {1} — {2}{3}</source>
        <translation>{0}. {1} - {2}{3}</translation>
    </message>
    <message>
        <location filename="../online_view.py" line="405" />
        <source>Chọn một hồ sơ trong danh sách để kiểm tra.</source>
        <translation>Choose a dossier in the list to check it.</translation>
    </message>
    <message>
        <location filename="../online_view.py" line="434" />
        <source>Đã tiếp nhận hồ sơ trực tuyến {0}; hẹn trả {1}.</source>
        <translation>Online dossier {0} received; result due {1}.</translation>
    </message>
    <message>
        <location filename="../online_view.py" line="461" />
        <source>Hồ sơ trực tuyến {0}: đã lập Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (Mẫu 02) số {1}; phiếu được gửi lại cho công dân khi có mạng.</source>
        <translation>Online dossier {0}: request to complete the dossier (Form 02) no. {1} made; it is sent back to the citizen when the network is up.</translation>
    </message>
    <message>
        <location filename="../online_view.py" line="463" />
        <source>Hồ sơ trực tuyến {0}: đã lập Phiếu từ chối tiếp nhận (Mẫu 03) số {1}; phiếu được gửi lại cho công dân khi có mạng.</source>
        <translation>Online dossier {0}: refusal (Form 03) no. {1} made; it is sent back to the citizen when the network is up.</translation>
    </message>
    <message>
        <location filename="../result_scan_dialog.py" line="35" />
        <source>Đính kèm bản quét kết quả — {0}</source>
        <translation>Attach the result's scan - {0}</translation>
    </message>
    <message>
        <location filename="../result_scan_dialog.py" line="39" />
        <source>Bản quét kết quả</source>
        <translation>Result scan</translation>
    </message>
    <message>
        <location filename="../result_scan_dialog.py" line="44" />
        <source>Ví dụ: 123/2026 (không bắt buộc)</source>
        <translation>For example: 123/2026 (optional)</translation>
    </message>
    <message>
        <location filename="../result_scan_dialog.py" line="46" />
        <source>Số giấy tờ kết quả:</source>
        <translation>Result document number:</translation>
    </message>
    <message>
        <location filename="../result_scan_dialog.py" line="47" />
        <source>Quét kết quả (F8) hoặc chọn tệp PDF, JPEG, PNG; mọi trang thành một tệp PDF kết quả, gửi lên hệ thống tỉnh khi đồng bộ.</source>
        <translation>Scan the result (F8) or choose PDF, JPEG or PNG files; all pages become one result PDF, sent to the province when syncing.</translation>
    </message>
    <message>
        <location filename="../result_scan_dialog.py" line="52" />
        <source>Đính &amp;kèm</source>
        <translation>Atta&amp;ch</translation>
    </message>
    <message>
        <location filename="../result_scan_dialog.py" line="76" />
        <source>Chưa có trang nào: hãy quét (F8) hoặc chọn tệp bản quét kết quả.</source>
        <translation>No page yet: scan (F8) or choose the result's scan files.</translation>
    </message>
    <message>
        <location filename="../result_scan_dialog.py" line="79" />
        <source>Đang lưu bản quét kết quả…</source>
        <translation>Saving the result's scan...</translation>
    </message>
</context>
</TS>