// Fixed texts the bot says. Vietnamese, NFC, full diacritics.

/** The national public-service portal's free hotline, the one home of its number. */
export const NATIONAL_HOTLINE_NUMBER = '1800 1096';
export const NATIONAL_HOTLINE = `Tổng đài Cổng Dịch vụ công quốc gia ${NATIONAL_HOTLINE_NUMBER} (miễn phí)`;

export const HOTLINE_ADVICE =
  `Bạn có thể gọi ${NATIONAL_HOTLINE}, đường dây 1022 của tỉnh (nếu có), ` +
  'hoặc đến bộ phận một cửa cấp xã / Trung tâm phục vụ hành chính công của tỉnh để được hướng dẫn trực tiếp. ' +
  'Với VNeID: tổng đài 1900 0368 (nhánh 4) hoặc Công an cấp xã.';

export const GREETING =
  'Xin chào! Tôi là Trợ lý DVC — trợ lý hướng dẫn dịch vụ công trực tuyến.\n' +
  'Tôi có thể giúp bạn:\n' +
  '• Nộp hồ sơ trực tuyến trên Cổng Dịch vụ công quốc gia hoặc cổng của tỉnh\n' +
  '• Thanh toán phí, lệ phí trực tuyến\n' +
  '• Đăng ký, kích hoạt và sử dụng tài khoản định danh điện tử VNeID\n' +
  '• Tra cứu tình trạng hồ sơ\n' +
  'Bạn cứ hỏi bằng tiếng Việt, có dấu hay không dấu đều được. Ví dụ: "làm định danh mức 2 ở đâu?"';

export const HELP =
  'Cách dùng Trợ lý DVC:\n' +
  '• Gõ câu hỏi, ví dụ: "nộp hồ sơ trực tuyến thế nào", "quên mật khẩu VNeID", "tra cứu hồ sơ".\n' +
  '• /start — lời chào và danh mục chủ đề\n' +
  '• /dangky MÃ — cán bộ đăng ký bằng mã mời của đơn vị\n' +
  '• /baocao bat | tat — cán bộ bật/tắt báo cáo nhanh hằng ngày\n' +
  '• /huy — hủy thao tác đang làm, quay về từ đầu\n' +
  'Cán bộ đã đăng ký có thể hỏi số liệu: "tỷ lệ trực tuyến tháng này", "hồ sơ trễ hạn hôm nay", "báo cáo nhanh".';

export const CANCELLED = 'Đã hủy. Bạn có thể hỏi câu mới bất cứ lúc nào.';

export const SMALLTALK_THANKS = 'Rất vui được giúp bạn! Nếu cần gì thêm về dịch vụ công, bạn cứ hỏi nhé.';

export const SMALLTALK_HELLO =
  'Xin chào! Bạn cần hỏi gì về nộp hồ sơ trực tuyến, thanh toán phí hay tài khoản VNeID ạ?';

/** A call for help that does not yet say what the need is ("giúp em với ạ", "cho hỏi chút"). */
export const SMALLTALK_ASK_WHAT =
  'Dạ, bạn cần giúp việc gì ạ? Bạn cứ gõ câu hỏi hoặc kể việc đang vướng, ví dụ: "quên mật khẩu VNeID", "làm căn cước cho con", "nộp lệ phí trực tuyến".';

export const FEEDBACK_THANKS = 'Cảm ơn bạn đã góp ý! Ý kiến của bạn giúp trợ lý trả lời tốt hơn.';

export const NOT_READY = 'Chức năng này chưa sẵn sàng.';

/** The database is unreachable for a moment; guides are still answered. */
export const DB_BUSY =
  'Hệ thống đang bận, vui lòng thử lại sau. Trong lúc chờ, bạn vẫn có thể hỏi cách làm thủ tục hành chính.';

export const ERROR_REPLY =
  `Xin lỗi, hệ thống đang gặp sự cố nên chưa trả lời được. Bạn vui lòng thử lại sau ít phút. ${HOTLINE_ADVICE}`;
