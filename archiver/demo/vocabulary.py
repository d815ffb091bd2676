"""Words, names and sentence templates of the demo portal's Vietnamese news text.

Pure data. Templates hold `{slot}` markers that `generator.py` fills: a slot is either a
value fixed for the whole article (its district, commune, year, organiser...) or drawn
afresh each time (numbers, sums of money, people). Every string is NFC; the province,
districts and communes are invented so the demo never speaks for a real place.
"""

from __future__ import annotations

PROVINCE = "Vĩnh Hòa"

SLOGAN = (
    "PHÁT HUY Ý CHÍ VÀ SỨC MẠNH ĐẠI ĐOÀN KẾT TOÀN DÂN TỘC, "
    "CHUNG SỨC XÂY DỰNG QUÊ HƯƠNG GIÀU ĐẸP, VĂN MINH!"
)

# (slug, name) of the news categories, in menu order.
CATEGORIES: tuple[tuple[str, str], ...] = (
    ("tin-hoat-dong", "Tin hoạt động"),
    ("tham-gia-xay-dung-nong-thon-moi", "Tham gia xây dựng nông thôn mới"),
    ("dan-chu-phap-luat", "Dân chủ - Pháp luật"),
    ("dai-doan-ket-toan-dan-toc", "Đại đoàn kết toàn dân tộc"),
)
# Relative share of articles per category (same order as CATEGORIES).
CATEGORY_WEIGHTS: tuple[int, ...] = (35, 30, 15, 20)
# Which template pool (below) each category draws from.
CATEGORY_THEMES: dict[str, str] = {
    "tin-hoat-dong": "activity",
    "tham-gia-xay-dung-nong-thon-moi": "rural",
    "dan-chu-phap-luat": "law",
    "dai-doan-ket-toan-dan-toc": "unity",
}

# (slug, name, title prefix) of the video categories.
VIDEO_CATEGORIES: tuple[tuple[str, str, str], ...] = (
    ("chuyen-muc-mat-tran", "Chuyên mục Mặt trận", "CM"),
    ("ban-tin-mat-tran", "Bản tin Mặt trận", "BT"),
)

WEB_LINKS: tuple[tuple[str, str], ...] = (
    ("Ủy ban Trung ương MTTQ Việt Nam", "https://mattran.org.vn/"),
    ("Cổng thông tin điện tử Chính phủ", "https://chinhphu.vn/"),
    ("Báo Đại Đoàn Kết", "https://daidoanket.vn/"),
    ("Cổng thông tin Quốc hội", "https://quochoi.vn/"),
    ("Báo Nhân Dân", "https://nhandan.vn/"),
    ("Tạp chí Mặt trận", "https://tapchimattran.vn/"),
)

# ---------------------------------------------------------------- places and people

DISTRICTS: tuple[str, ...] = (
    "huyện Đông Lâm", "huyện An Phú", "huyện Thạch Bình", "huyện Lộc Sơn", "huyện Hòa Khánh",
    "huyện Vĩnh Thạnh", "huyện Phước Long", "huyện Kim Điền", "thị xã Ngọc Hà",
    "thành phố Vĩnh Hòa",
)
COMMUNES: tuple[str, ...] = (
    "xã An Hòa", "xã Bình Minh", "xã Tân Lập", "xã Hưng Đạo", "xã Quảng Phú", "xã Đức Thắng",
    "xã Thanh Xuân", "xã Phú Mỹ", "xã Tiên Lộc", "xã Đại Hưng", "xã Hòa Bắc", "xã Kim Tân",
    "xã Sơn Thủy", "xã Nghĩa Hiệp", "xã Cẩm Thanh", "xã Trà Sơn", "xã Quế Long", "xã Phước Hải",
    "xã Lộc Thủy", "xã Xuân Thành", "xã Tam Kỳ Tây", "xã Đồng Tâm", "xã Hương Trà", "xã Mỹ Lộc",
)
VILLAGES: tuple[str, ...] = (
    "thôn Trung Hòa", "thôn Phú Sơn", "thôn Đông Yên", "thôn Tây Lộc", "thôn Bắc Thủy",
    "thôn An Lạc", "thôn Hạ Trạch", "thôn Thượng Phước", "thôn 3", "thôn 5", "thôn 7",
    "khu dân cư số 4", "khu dân cư số 9", "tổ dân phố Quang Trung", "bản Nà Lầu", "làng Kon Brai",
)

FAMILY_NAMES: tuple[str, ...] = (
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
    "Hồ", "Ngô", "Dương", "Lý", "Trương", "Đinh",
)
MALE_MIDDLE: tuple[str, ...] = ("Văn", "Hữu", "Đức", "Minh", "Quốc", "Công", "Xuân", "Đình", "Thanh")
FEMALE_MIDDLE: tuple[str, ...] = ("Thị", "Thị", "Thu", "Ngọc", "Thanh", "Minh", "Kim")
MALE_GIVEN: tuple[str, ...] = (
    "An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Khánh", "Long", "Nam", "Phúc", "Quân", "Sơn",
    "Thắng", "Trung", "Tuấn", "Vinh", "Đức", "Hòa", "Lực", "Tài", "Thành", "Hiếu",
)
FEMALE_GIVEN: tuple[str, ...] = (
    "Hà", "Hạnh", "Hoa", "Hương", "Lan", "Linh", "Mai", "Nga", "Phương", "Thảo", "Vân", "Yến",
    "Lài", "Huệ", "Trang", "Nhung", "Loan", "Tuyết",
)

# Roles of officials quoted in the articles; `{district}`/`{commune}`/`{village}` are the article's.
PROVINCIAL_ROLES: tuple[str, ...] = (
    "Phó Chủ tịch Ủy ban MTTQ Việt Nam tỉnh",
    "Chủ tịch Ủy ban MTTQ Việt Nam tỉnh",
    "Ủy viên Ban Thường vụ Tỉnh ủy, Trưởng ban Dân vận Tỉnh ủy",
    "Phó Chủ tịch UBND tỉnh",
)
LOCAL_ROLES: tuple[str, ...] = (
    "Chủ tịch Ủy ban MTTQ Việt Nam {district}",
    "Phó Bí thư Thường trực {district_party}",
    "Bí thư Đảng ủy {commune}",
    "Chủ tịch UBND {commune}",
    "Chủ tịch Ủy ban MTTQ Việt Nam {commune}",
    "Trưởng Ban Công tác Mặt trận {village}",
)
ROLES: tuple[str, ...] = PROVINCIAL_ROLES + LOCAL_ROLES

# Bylines as printed after "Tác giả: ". Initials are always one token; names are never
# one ALL-CAPS word, so "proper-case ALL-CAPS names, keep initials" is never ambiguous.
BYLINE_INITIALS: tuple[str, ...] = ("NH", "T.H", "HV", "P.T.L", "Q.A", "MT", "V.Đ", "BT", "N.L", "HT")
BYLINE_PEN_NAMES: tuple[str, ...] = (
    "Minh Đức", "Thu Hương", "Hoàng Nam", "Lê Vy", "Ngọc Anh", "Văn Tâm", "Thanh Hà", "Quốc Bảo",
    "Hải Yến", "Phương Thảo", "Đức Trung", "Khánh Linh",
)

# ---------------------------------------------------------------- things the news is about

PROGRAMS: tuple[str, ...] = (
    "Chương trình mục tiêu quốc gia xây dựng nông thôn mới",
    "Chương trình mục tiêu quốc gia giảm nghèo bền vững",
    "Chương trình mỗi xã một sản phẩm (OCOP)",
    "Đề án xây dựng khu dân cư nông thôn mới kiểu mẫu",
)
CAMPAIGNS: tuple[str, ...] = (
    "Toàn dân đoàn kết xây dựng nông thôn mới, đô thị văn minh",
    "Người Việt Nam ưu tiên dùng hàng Việt Nam",
    "Vì người nghèo - Không để ai bị bỏ lại phía sau",
    "Toàn dân đoàn kết xây dựng đời sống văn hóa ở khu dân cư",
    "Toàn dân bảo vệ an ninh Tổ quốc",
)
MODELS: tuple[str, ...] = (
    "Vườn xanh - Nhà đẹp - Ngõ đẹp", "Tuyến đường tự quản an toàn giao thông",
    "Khu dân cư xanh - sạch - đẹp", "Phân loại rác thải tại nguồn", "Thắp sáng đường quê",
    "Hàng rào xanh", "Tổ liên gia tự quản", "Con đường bích họa", "Ngày Chủ nhật xanh",
    "Nhà sạch, vườn đẹp",
)
CRITERIA: tuple[str, ...] = (
    "môi trường", "giao thông", "thu nhập", "văn hóa", "an ninh trật tự", "nhà ở dân cư",
    "y tế", "giáo dục", "thủy lợi",
)
PRODUCTS: tuple[str, ...] = (
    "nước mắm truyền thống", "miến dong", "chè xanh", "mật ong rừng", "bánh tráng", "gạo hữu cơ",
    "nấm linh chi", "tinh dầu sả", "bưởi da xanh", "rượu cần",
)
LAWS: tuple[str, ...] = (
    "Luật Đất đai (sửa đổi)", "Luật Thực hiện dân chủ ở cơ sở", "Luật Căn cước",
    "Luật Phòng, chống bạo lực gia đình (sửa đổi)", "Luật Hòa giải ở cơ sở", "Luật Khiếu nại",
    "Luật Trật tự, an toàn giao thông đường bộ", "Luật Tài nguyên nước (sửa đổi)",
)
POLICIES: tuple[str, ...] = (
    "chính sách bảo hiểm y tế cho người thuộc hộ cận nghèo",
    "chính sách hỗ trợ nhà ở cho hộ nghèo",
    "chi trả trợ cấp xã hội hằng tháng",
    "công tác bồi thường, hỗ trợ, tái định cư",
    "chính sách tín dụng ưu đãi cho hộ nghèo",
    "quy chế dân chủ ở cơ sở",
)
DRAFTS: tuple[str, ...] = (
    "Nghị quyết về chính sách hỗ trợ phát triển sản xuất nông nghiệp giai đoạn 2024 - 2026",
    "Đề án phát triển du lịch cộng đồng gắn với bảo tồn văn hóa truyền thống",
    "Nghị quyết quy định mức chi hỗ trợ hoạt động của Ban Công tác Mặt trận",
    "Kế hoạch sử dụng đất cấp huyện năm 2024",
    "Nghị quyết quy định mức thu học phí tại các cơ sở giáo dục công lập",
)
ISSUES: tuple[str, ...] = (
    "việc cấp giấy chứng nhận quyền sử dụng đất",
    "ô nhiễm môi trường tại khu chăn nuôi tập trung",
    "chất lượng nước sinh hoạt",
    "tiến độ bồi thường, giải phóng mặt bằng",
    "việc sửa chữa tuyến kênh mương nội đồng",
    "tình trạng xe quá tải làm hư hỏng đường liên thôn",
)
MEMBER_ORGS: tuple[str, ...] = (
    "Hội Nông dân", "Hội Liên hiệp Phụ nữ", "Hội Cựu chiến binh", "Đoàn Thanh niên",
    "Liên đoàn Lao động", "Hội Người cao tuổi", "Hội Chữ thập đỏ",
)
TARGET_ORGS: tuple[str, ...] = (
    "Ủy ban MTTQ Việt Nam {district}", "Đảng ủy, chính quyền {commune}",
    "Ban Công tác Mặt trận {village}", "Hội Nông dân tỉnh", "Ban Dân tộc tỉnh",
)
WORKS: tuple[str, ...] = (
    "công tác Mặt trận", "xây dựng nông thôn mới", "giảm nghèo bền vững",
    "giám sát và phản biện xã hội", "tuyên truyền, vận động Nhân dân", "chăm lo an sinh xã hội",
    "xây dựng khối đại đoàn kết toàn dân tộc", "bảo vệ môi trường", "hòa giải ở cơ sở",
)
LIMITATIONS: tuple[str, ...] = (
    "một số Ban Công tác Mặt trận hoạt động còn lúng túng",
    "việc huy động nguồn lực xã hội hóa còn gặp khó khăn",
    "công tác phối hợp giữa các ngành có lúc chưa chặt chẽ",
    "nội dung sinh hoạt ở khu dân cư còn đơn điệu",
    "chất lượng giám sát, phản biện chưa đồng đều",
    "một bộ phận người dân còn tư tưởng trông chờ, ỷ lại",
)
PROPOSALS: tuple[str, ...] = (
    "tăng kinh phí hoạt động cho Ban Công tác Mặt trận ở khu dân cư",
    "có cơ chế hỗ trợ xi măng để Nhân dân làm đường giao thông nội đồng",
    "đẩy nhanh tiến độ cấp giấy chứng nhận quyền sử dụng đất cho người dân",
    "quan tâm bồi dưỡng kỹ năng cho cán bộ Mặt trận cơ sở",
    "sớm có hướng dẫn cụ thể về quy trình giám sát đầu tư của cộng đồng",
    "nhân rộng các mô hình tự quản hiệu quả ở khu dân cư",
)
QUOTES: tuple[str, ...] = (
    "Trước đây đường vào xóm chỉ là lối đất, mùa mưa lầy lội, bà con đi lại vất vả lắm. "
    "Nay đường bê tông về tận ngõ, ai cũng phấn khởi",
    "Được Mặt trận và bà con lối xóm giúp đỡ, gia đình tôi mới có ngôi nhà kiên cố, "
    "không còn lo mỗi mùa mưa bão nữa",
    "Chúng tôi mong chính quyền sớm đầu tư hệ thống nước sạch để bà con yên tâm sinh hoạt",
    "Mình góp chút công, chút đất thì cả thôn cùng được hưởng, con cháu sau này cũng được nhờ",
    "Mỗi lần họp thôn, ý kiến của người dân đều được lắng nghe, ghi nhận nên bà con rất tin tưởng",
    "Có cái nghề ổn định rồi, gia đình tôi quyết tâm thoát nghèo, không để con cháu phải khổ",
)
DOCUMENTS: tuple[str, ...] = (
    "Chương trình phối hợp thống nhất hành động năm {year}",
    "kế hoạch giám sát năm {year}",
    "quy chế phối hợp giữa Ủy ban MTTQ và UBND cùng cấp",
    "nghị quyết hội nghị",
)
TARGETS: tuple[str, ...] = (
    "100% khu dân cư tổ chức Ngày hội Đại đoàn kết toàn dân tộc",
    "vận động xây mới và sửa chữa ít nhất {n_big} nhà Đại đoàn kết",
    "có thêm {n} xã đạt chuẩn nông thôn mới nâng cao",
    "giảm tỷ lệ hộ nghèo xuống dưới {pct}%",
    "100% Ban Công tác Mặt trận được tập huấn nghiệp vụ",
)
TOPICS: tuple[str, ...] = (
    "Phát huy vai trò người có uy tín trong đồng bào dân tộc thiểu số",
    "Mặt trận với công tác giám sát ở cơ sở",
    "Nâng cao hiệu quả hoạt động của Ban Công tác Mặt trận",
    "Chuyển đổi số trong công tác Mặt trận",
)
CONTESTS: tuple[str, ...] = (
    "Dân vận khéo", "Cán bộ Mặt trận giỏi", "Tìm hiểu lịch sử Mặt trận Tổ quốc Việt Nam",
    "Khu dân cư văn hóa tiêu biểu",
)
QUESTIONS: tuple[str, ...] = (
    "Ban Thanh tra nhân dân có quyền và trách nhiệm gì?",
    "Người dân giám sát đầu tư của cộng đồng như thế nào?",
    "Thủ tục đề nghị hỗ trợ nhà ở cho hộ nghèo",
    "Hòa giải ở cơ sở được thực hiện theo nguyên tắc nào?",
    "Ai được bầu làm Trưởng Ban Công tác Mặt trận?",
    "Hộ cận nghèo được hỗ trợ bảo hiểm y tế ra sao?",
)
QUARTERS: tuple[str, ...] = ("quý I", "quý II", "quý III", "quý IV")
ROMAN: tuple[str, ...] = ("VIII", "IX", "X", "XI", "XII", "XIII")

# ---------------------------------------------------------------- stories: title + first sentence

# Each story is (title template, lead template): the lead opens the body, tells the event the
# title names and is also the listing summary.
STORIES: dict[str, tuple[tuple[str, str], ...]] = {
    "rural": (
        ("Sơ kết {n_years} năm thực hiện Chương trình nông thôn mới tại {district}",
         "Ngày {date}, {org} tổ chức hội nghị sơ kết {n_years} năm thực hiện Cuộc vận động \"Toàn dân "
         "đoàn kết xây dựng nông thôn mới, đô thị văn minh\" gắn với {program} trên địa bàn {district}."),
        ("{Commune} về đích nông thôn mới nâng cao năm {year}",
         "Sáng {date}, UBND {district} tổ chức lễ đón nhận Bằng công nhận {commune} đạt chuẩn nông "
         "thôn mới nâng cao."),
        ("{District}: Mặt trận chung tay xây dựng nông thôn mới kiểu mẫu",
         "Những năm qua, phong trào chung sức xây dựng nông thôn mới ở {district} đã thực sự lan tỏa, "
         "trở thành phong trào thi đua sâu rộng trong các tầng lớp Nhân dân."),
        ("Ra mắt mô hình \"{model}\" tại {village}, {commune}",
         "Chiều {date}, {org} phối hợp với UBND {commune} ra mắt mô hình \"{model}\" tại {village}."),
        ("Người dân {commune} hiến {land} m2 đất làm đường giao thông nông thôn",
         "Chỉ trong {n} tháng, Nhân dân {commune} đã tự nguyện hiến {land} m² đất, tháo dỡ hàng rào, "
         "vật kiến trúc để mở rộng các tuyến đường giao thông nông thôn."),
        ("Giám sát tiêu chí {criterion} trong xây dựng nông thôn mới ở {commune}",
         "Thực hiện kế hoạch giám sát năm {year}, ngày {date}, đoàn giám sát của {org} đã làm việc với "
         "UBND {commune} về kết quả thực hiện tiêu chí {criterion} trong xây dựng nông thôn mới."),
        ("Phát huy vai trò chủ thể của người dân trong xây dựng nông thôn mới ở {district}",
         "Xác định người dân là chủ thể, thời gian qua, {org} đã đẩy mạnh tuyên truyền, vận động Nhân "
         "dân tích cực tham gia xây dựng nông thôn mới."),
        ("Lấy ý kiến sự hài lòng của người dân về kết quả xây dựng nông thôn mới {commune}",
         "Ngày {date}, {org} phối hợp với UBND {commune} tổ chức lấy ý kiến sự hài lòng của người dân "
         "đối với kết quả xây dựng nông thôn mới trên địa bàn."),
        ("{Village} ({commune}) đạt chuẩn khu dân cư nông thôn mới kiểu mẫu",
         "Sau gần hai năm nỗ lực, {village}, {commune} đã được công nhận đạt chuẩn khu dân cư nông thôn "
         "mới kiểu mẫu."),
        ("Nâng chất tiêu chí {criterion} ở các xã nông thôn mới {district}",
         "Sau khi đạt chuẩn, các xã nông thôn mới của {district} tiếp tục rà soát, nâng chất các tiêu "
         "chí, trong đó tiêu chí {criterion} được đặc biệt quan tâm."),
        ("Sản phẩm OCOP {product} giúp người dân {commune} tăng thu nhập",
         "Từ một sản phẩm truyền thống, {product} của {commune} nay đã trở thành sản phẩm OCOP, mang "
         "lại nguồn thu nhập ổn định cho nhiều hộ dân."),
        ("{Commune}: Hơn {households} hộ dân đăng ký thực hiện mô hình \"{model}\"",
         "Hưởng ứng Cuộc vận động \"Toàn dân đoàn kết xây dựng nông thôn mới, đô thị văn minh\", đến nay "
         "đã có hơn {households} hộ dân ở {commune} đăng ký thực hiện mô hình \"{model}\"."),
    ),
    "activity": (
        ("Ủy ban MTTQ Việt Nam {district} tổng kết công tác Mặt trận năm {review_year}",
         "Ngày {date}, Ủy ban MTTQ Việt Nam {district} tổ chức hội nghị tổng kết công tác Mặt trận năm "
         "{review_year}, triển khai phương hướng, nhiệm vụ năm {plan_year}."),
        ("Ban Thường trực Ủy ban MTTQ tỉnh làm việc với {target_org}",
         "Chiều {date}, đoàn công tác do {senior} làm trưởng đoàn đã đến làm việc với {target_org} về "
         "tình hình thực hiện công tác Mặt trận năm {year}."),
        ("Hội nghị Ủy ban MTTQ Việt Nam tỉnh lần thứ {session}, khóa {roman}",
         "Ngày {date}, Ủy ban MTTQ Việt Nam tỉnh khóa {roman} tổ chức Hội nghị lần thứ {session} nhằm "
         "đánh giá kết quả công tác năm {year} và thông qua chương trình hành động thời gian tới."),
        ("Tập huấn nghiệp vụ công tác Mặt trận cho cán bộ cơ sở {district}",
         "Trong hai ngày {date_range}, Ủy ban MTTQ Việt Nam {district} tổ chức lớp tập huấn nghiệp vụ "
         "công tác Mặt trận cho hơn {n_big} cán bộ Mặt trận cơ sở."),
        ("Đoàn công tác Ủy ban MTTQ tỉnh thăm, tặng quà người có uy tín ở {district}",
         "Nhân dịp Tết Nguyên đán, đoàn công tác của Ủy ban MTTQ Việt Nam tỉnh do {senior} làm trưởng "
         "đoàn đã đến thăm, tặng quà người có uy tín trong đồng bào dân tộc thiểu số ở {district}."),
        ("Hiệp thương cử bổ sung Ủy viên Ủy ban MTTQ Việt Nam {district}",
         "Ngày {date}, Ban Thường trực Ủy ban MTTQ Việt Nam {district} tổ chức hội nghị hiệp thương cử "
         "bổ sung ủy viên Ủy ban nhiệm kỳ hiện tại."),
        ("Giao ban công tác Mặt trận {quarter} năm {year} cụm thi đua số {cluster}",
         "Sáng {date}, cụm thi đua số {cluster} của Ủy ban MTTQ Việt Nam các huyện, thị xã, thành phố tổ "
         "chức hội nghị giao ban công tác Mặt trận {quarter} năm {year}."),
        ("Tọa đàm \"{topic}\" tại {district}",
         "Ngày {date}, {org} tổ chức tọa đàm với chủ đề \"{topic}\", thu hút đông đảo cán bộ Mặt trận "
         "và người có uy tín tham dự."),
        ("Hội thi \"{contest}\" {district} năm {year}",
         "Ngày {date}, Ủy ban MTTQ Việt Nam {district} tổ chức Hội thi \"{contest}\" năm {year}."),
        ("Triển khai Chương trình phối hợp thống nhất hành động năm {year} ở {district}",
         "Sáng {date}, Ủy ban MTTQ Việt Nam {district} tổ chức hội nghị triển khai Chương trình phối hợp "
         "và thống nhất hành động năm {year} giữa Mặt trận và các tổ chức thành viên."),
        ("{District}: Sôi nổi Ngày hội \"{contest}\"",
         "Thu hút hàng trăm cán bộ, hội viên tham gia, Ngày hội \"{contest}\" do {org} tổ chức đã diễn "
         "ra sôi nổi trong ngày {date}."),
        ("Ủy ban MTTQ {commune} ra mắt Tổ công nghệ số cộng đồng ở {village}",
         "Chiều {date}, Ủy ban MTTQ Việt Nam {commune} tổ chức ra mắt Tổ công nghệ số cộng đồng tại "
         "{village}, với {n} thành viên là cán bộ thôn và đoàn viên thanh niên."),
    ),
    "law": (
        ("Phản biện xã hội dự thảo {draft}",
         "Ngày {date}, Ban Thường trực Ủy ban MTTQ Việt Nam tỉnh tổ chức hội nghị phản biện xã hội đối "
         "với dự thảo {draft}."),
        ("Giám sát việc thực hiện {policy} tại {district}",
         "Thực hiện kế hoạch giám sát năm {year}, thời gian qua, Ủy ban MTTQ Việt Nam {district} đã tiến "
         "hành giám sát việc thực hiện {policy} tại {n} xã, thị trấn."),
        ("Lấy ý kiến Nhân dân {commune} về dự thảo {law}",
         "Nhằm phát huy quyền làm chủ của Nhân dân, Ủy ban MTTQ Việt Nam {commune} vừa tổ chức hội nghị "
         "lấy ý kiến góp ý vào dự thảo {law}."),
        ("Tiếp xúc cử tri {district} trước kỳ họp thứ {session} HĐND tỉnh",
         "Ngày {date}, Ban Thường trực Ủy ban MTTQ Việt Nam {district} phối hợp tổ chức cho đại biểu "
         "HĐND tỉnh tiếp xúc cử tri trước kỳ họp thứ {session}."),
        ("Ban Thanh tra nhân dân {commune}: \"Tai mắt\" của Nhân dân ở cơ sở",
         "Năm {prev_year}, Ban Thanh tra nhân dân {commune} đã tiếp nhận {n_big} ý kiến, kiến nghị của "
         "công dân và phối hợp với chính quyền giải quyết dứt điểm nhiều vụ việc."),
        ("Tuyên truyền {law} cho hội viên, Nhân dân {commune}",
         "Ngày {date}, Ủy ban MTTQ Việt Nam {commune} phối hợp với Phòng Tư pháp {district} tổ chức hội "
         "nghị tuyên truyền {law} cho đông đảo hội viên, Nhân dân."),
        ("Kết quả giám sát đầu tư của cộng đồng năm {year} tại {district}",
         "Năm {year}, Ban Giám sát đầu tư của cộng đồng các xã, thị trấn ở {district} đã tiến hành giám "
         "sát {n_big} công trình, dự án trên địa bàn."),
        ("Đối thoại giữa người đứng đầu cấp ủy, chính quyền với Nhân dân {commune}",
         "Sáng {date}, tại hội trường UBND {commune}, Ủy ban MTTQ Việt Nam xã phối hợp tổ chức hội nghị "
         "đối thoại giữa người đứng đầu cấp ủy, chính quyền với Nhân dân."),
        ("Hỏi & đáp: {question}",
         "Thời gian qua, Ban biên tập nhận được câu hỏi của nhiều bạn đọc ở {district} liên quan đến nội "
         "dung trên; xin trả lời như sau."),
        ("Tổ hòa giải {village} & câu chuyện giữ tình làng nghĩa xóm",
         "Nhiều năm liền, Tổ hòa giải {village}, {commune} luôn hoàn thành tốt nhiệm vụ, hòa giải thành "
         "hầu hết các vụ việc mâu thuẫn, tranh chấp nhỏ trong khu dân cư."),
        ("Hội nghị phản biện xã hội về {policy} ở {district}",
         "Ngày {date}, Ủy ban MTTQ Việt Nam {district} tổ chức hội nghị phản biện xã hội về {policy} "
         "trên địa bàn."),
    ),
    "unity": (
        ("Trao {houses} nhà \"Đại đoàn kết\" cho hộ nghèo {district}",
         "Ngày {date}, {org} tổ chức lễ bàn giao {houses} nhà \"Đại đoàn kết\" cho hộ nghèo trên địa bàn "
         "{district}."),
        ("Ngày hội Đại đoàn kết toàn dân tộc ở {village}, {commune}",
         "Sáng {date}, tại nhà văn hóa {village}, {commune}, Nhân dân trong khu dân cư đã phấn khởi tổ "
         "chức Ngày hội Đại đoàn kết toàn dân tộc."),
        ("Phát động Tháng cao điểm \"Vì người nghèo\" năm {year} tại {district}",
         "Hưởng ứng Tháng cao điểm \"Vì người nghèo\" năm {year}, Ủy ban MTTQ Việt Nam {district} đã phát "
         "động các tầng lớp Nhân dân chung tay ủng hộ Quỹ \"Vì người nghèo\" các cấp."),
        ("Trao quà Tết cho hộ nghèo, gia đình chính sách {commune}",
         "Nhân dịp Tết Nguyên đán, Ủy ban MTTQ Việt Nam {commune} phối hợp với các nhà hảo tâm trao "
         "{n_big} suất quà cho hộ nghèo, gia đình chính sách trên địa bàn."),
        ("Quỹ \"Vì người nghèo\" {district} tiếp nhận {donation} ủng hộ",
         "Tính đến ngày {date}, Ban Vận động Quỹ \"Vì người nghèo\" {district} đã tiếp nhận {donation} từ "
         "các cơ quan, đơn vị, doanh nghiệp và nhà hảo tâm."),
        ("Chung tay hỗ trợ Nhân dân {district} khắc phục hậu quả mưa lũ",
         "Ngay sau đợt mưa lũ vừa qua, {org} đã kịp thời phát động các tầng lớp Nhân dân chung tay hỗ "
         "trợ bà con {district} khắc phục hậu quả, sớm ổn định cuộc sống."),
        ("Tuyên dương {honoured} gương điển hình trong xây dựng khối đại đoàn kết ở {district}",
         "Ngày {date}, Ủy ban MTTQ Việt Nam {district} tổ chức hội nghị biểu dương {honoured} tập thể, cá "
         "nhân điển hình tiên tiến trong xây dựng khối đại đoàn kết toàn dân tộc."),
        ("Đồng hành cùng học sinh nghèo vượt khó {commune} đến trường",
         "Trước thềm năm học mới, {org} phối hợp với các nhà hảo tâm trao {n_big} suất học bổng và xe "
         "đạp cho học sinh có hoàn cảnh khó khăn ở {commune}."),
        ("Mái ấm tình thương cho gia đình {elder} ở {village}",
         "Ngày {date}, {org} tổ chức lễ bàn giao nhà \"Đại đoàn kết\" cho gia đình {elder} ở {village}, "
         "{commune}."),
        ("Hỗ trợ sinh kế cho hộ cận nghèo {commune}",
         "Từ nguồn Quỹ \"Vì người nghèo\", Ủy ban MTTQ Việt Nam {commune} vừa trao bò giống, cây giống và "
         "vật tư nông nghiệp hỗ trợ sinh kế cho {n_big} hộ cận nghèo."),
        ("{District}: \"Tết sẻ chia\" đến với {honoured} hộ khó khăn",
         "Với tinh thần \"lá lành đùm lá rách\", chương trình \"Tết sẻ chia\" năm nay do {org} tổ chức đã "
         "mang Tết đầm ấm đến với {honoured} hộ khó khăn trên địa bàn."),
    ),
}

# ---------------------------------------------------------------- body sentences

# Sentences that fit an article of any theme. A unit that needs its predecessor is written
# as one string of two sentences, so shuffling never separates them.
GENERIC: tuple[str, ...] = (
    "Theo báo cáo, trong năm qua, {org} đã chủ động phối hợp với chính quyền cùng cấp tổ chức "
    "{n} đợt tuyên truyền với hơn {people} lượt người tham dự.",
    "Công tác tuyên truyền, vận động được thực hiện bằng nhiều hình thức phong phú như qua hệ "
    "thống loa truyền thanh, sinh hoạt khu dân cư và các nhóm Zalo của từng thôn.",
    "Các tổ chức thành viên đã bám sát cơ sở, nắm chắc tâm tư, nguyện vọng của đoàn viên, hội "
    "viên và Nhân dân để kịp thời phản ánh với cấp ủy, chính quyền.",
    "Phát biểu tại hội nghị, {leader} ghi nhận, biểu dương những kết quả mà {org} đạt được trong "
    "thời gian qua. Đồng chí đề nghị thời gian tới, các cấp Mặt trận tiếp tục đổi mới nội dung, "
    "phương thức hoạt động theo hướng thiết thực, hiệu quả, hướng mạnh về khu dân cư.",
    "Bên cạnh những kết quả đạt được, {work} vẫn còn một số hạn chế như {limitation}.",
    "Nhiều ý kiến tại hội nghị đề nghị cấp trên {proposal}.",
    "Đến nay, toàn {district} đã vận động được hơn {money} từ các tổ chức, cá nhân, doanh nghiệp "
    "và con em xa quê.",
    "Qua đó góp phần nâng cao nhận thức, trách nhiệm của cán bộ, đảng viên và các tầng lớp Nhân "
    "dân trong {work}.",
    "Ban Công tác Mặt trận ở các khu dân cư đã phát huy tốt vai trò nòng cốt, là cầu nối giữa cấp "
    "ủy, chính quyền với Nhân dân.",
    "Hội Nông dân, Hội Liên hiệp Phụ nữ, Đoàn Thanh niên và Hội Cựu chiến binh đã ra quân {n_big} "
    "lượt vệ sinh môi trường, trồng hơn {trees} cây xanh dọc các tuyến đường liên thôn.",
    "Các đại biểu đã thảo luận, đóng góp nhiều ý kiến tâm huyết nhằm nâng cao hiệu quả {work} "
    "trong thời gian tới.",
    "Chia sẻ với chúng tôi, {elder}, người dân {village}, cho biết: \"{quote}\".",
    "{member_org} {district} đã phối hợp tổ chức {n} lớp tập huấn chuyển giao tiến bộ khoa học "
    "kỹ thuật cho hơn {people} hội viên.",
    "Thông qua các cuộc vận động và phong trào thi đua, khối đại đoàn kết toàn dân tộc ở địa "
    "phương ngày càng được củng cố, tăng cường.",
    "Tính đến cuối năm {prev_year}, tỷ lệ hộ nghèo toàn {district} giảm còn {pct}%, hộ cận nghèo "
    "còn {pct2}%.",
    "Công tác giám sát và phản biện xã hội tiếp tục được triển khai có trọng tâm, trọng điểm, bám "
    "sát những vấn đề Nhân dân quan tâm.",
    "Với phương châm \"dân biết, dân bàn, dân làm, dân kiểm tra, dân giám sát, dân thụ hưởng\", "
    "nhiều công trình phúc lợi đã được Nhân dân đồng thuận, chung tay thực hiện.",
    "Hội nghị cũng đã nghe các tham luận của đại diện {member_org} và một số Ban Công tác Mặt "
    "trận tiêu biểu.",
    "Theo đồng chí {name}, kết quả này có được là nhờ sự lãnh đạo sát sao của cấp ủy, sự vào cuộc "
    "của cả hệ thống chính trị và sự đồng lòng của Nhân dân.",
    "Các cấp Mặt trận đã phối hợp tổ chức {n_big} hội nghị tiếp xúc cử tri, tổng hợp {n_big2} ý "
    "kiến, kiến nghị gửi cơ quan có thẩm quyền xem xét, giải quyết.",
    "Nhiều mô hình hay, cách làm sáng tạo như \"{model}\" đã được nhân rộng, mang lại hiệu quả "
    "thiết thực.",
    "Đặc biệt, {n} khu dân cư đã được công nhận đạt chuẩn \"Khu dân cư văn hóa\" năm {prev_year}.",
    "Theo ông {male_name}, {short_role} {commune}, để đạt được kết quả này, cán bộ Mặt trận đã kiên "
    "trì đến từng nhà vận động, giải thích cho bà con hiểu rõ lợi ích.",
    "Hoạt động này nhằm tăng cường sự gắn bó giữa cán bộ Mặt trận với Nhân dân, kịp thời nắm bắt "
    "những vấn đề phát sinh ngay từ cơ sở.",
    "Cũng tại buổi làm việc, lãnh đạo địa phương đã thông tin về tình hình kinh tế - xã hội, quốc "
    "phòng - an ninh và kết quả thực hiện nhiệm vụ chính trị của địa phương.",
    "Năm {prev_year}, dù còn nhiều khó khăn do thời tiết diễn biến phức tạp, giá vật tư tăng cao, "
    "nhưng với sự nỗ lực của cả hệ thống chính trị, các chỉ tiêu cơ bản đều đạt và vượt kế hoạch.",
    "{member_org} {commune} đã vận động hội viên đóng góp {workdays} ngày công và {money} để sửa "
    "chữa nhà văn hóa, khu thể thao thôn.",
    "Bên cạnh đó, việc thực hiện Cuộc vận động \"{campaign}\" tiếp tục được đẩy mạnh, trở thành "
    "nếp nghĩ, việc làm thường xuyên của người dân.",
)

# Last sentences of an article (a sentence that only makes sense at the end).
CLOSINGS: tuple[str, ...] = (
    "Dịp này, {org} đã tặng Giấy khen cho {n} tập thể và {n2} cá nhân có thành tích xuất sắc "
    "trong {work}.",
    "Ngay sau hội nghị, {org} sẽ xây dựng kế hoạch cụ thể, phân công cán bộ phụ trách từng địa "
    "bàn để triển khai thực hiện.",
    "Năm {year}, {org} phấn đấu {target}.",
    "Thời gian tới, {org} tiếp tục thực hiện tốt chức năng, nhiệm vụ, góp phần hoàn thành thắng "
    "lợi Nghị quyết Đại hội Đảng bộ các cấp.",
    "Kết thúc hội nghị, các đại biểu đã thống nhất thông qua {document} với sự đồng thuận cao.",
)

THEMED: dict[str, tuple[str, ...]] = {
    "rural": (
        "Toàn {district} hiện có {ntm_stats}.",
        "Người dân đã tự nguyện hiến hơn {land} m² đất, đóng góp {workdays} ngày công để bê tông "
        "hóa {km} km đường giao thông nông thôn.",
        "Thu nhập bình quân đầu người năm {prev_year} của {commune} đạt {income} triệu đồng, tăng "
        "{income_up} triệu đồng so với năm trước.",
        "Tiêu chí {criterion} được xác định là một trong những tiêu chí khó thực hiện nhất, đòi "
        "hỏi sự vào cuộc bền bỉ của cả cộng đồng.",
        "Ban Công tác Mặt trận {village} đã vận động {households} hộ dân đăng ký thực hiện mô hình "
        "\"{model}\".",
        "Nhiều sản phẩm như {product} của địa phương đã được công nhận sản phẩm OCOP {stars} sao, "
        "có mặt tại các siêu thị và cửa hàng tiện ích trong tỉnh.",
        "Hiện nay, hệ thống điện chiếu sáng đã phủ kín các tuyến đường liên thôn, góp phần bảo đảm "
        "an ninh trật tự và tạo cảnh quan sáng - xanh - sạch - đẹp.",
        "Hội nghị ở cấp xã do đồng chí Bí thư Đảng ủy, Chủ tịch UBND xã chủ trì, hoàn thành trước "
        "ngày {date_after}.",
        "Việc sơ kết phải bảo đảm đúng tiến độ, thực chất, tổ chức theo quy trình từ cơ sở lên, "
        "tránh hình thức, lãng phí.",
        "Các địa phương cần làm rõ những tồn tại, hạn chế, nguyên nhân và rút ra bài học kinh "
        "nghiệm trong chỉ đạo, điều hành {program}.",
        "Từ chỗ là một xã thuần nông, đến nay {commune} đã có {n} hợp tác xã hoạt động hiệu quả, "
        "tạo việc làm ổn định cho hàng trăm lao động.",
        "Nhiều tuyến đường hoa, hàng rào xanh do phụ nữ và thanh niên trong thôn tự trồng, chăm "
        "sóc đã tạo nên diện mạo mới cho vùng quê.",
    ),
    "activity": (
        "Hội nghị đã hiệp thương cử bổ sung {n} Ủy viên Ủy ban MTTQ Việt Nam {district} nhiệm kỳ "
        "hiện tại.",
        "Lớp tập huấn tập trung vào các chuyên đề: kỹ năng tuyên truyền, vận động Nhân dân; công "
        "tác giám sát, phản biện xã hội; công tác hòa giải ở cơ sở.",
        "Đồng chí {name}, {role}, đã quán triệt những nội dung trọng tâm trong Chương trình hành "
        "động của Ủy ban Trung ương MTTQ Việt Nam.",
        "Ủy ban MTTQ Việt Nam các cấp đã tiếp nhận và phân bổ kịp thời nguồn kinh phí hỗ trợ, bảo "
        "đảm đúng đối tượng, công khai, minh bạch.",
        "Trong {quarter}, Ban Thường trực đã tổ chức {n} cuộc làm việc với các huyện, thị xã, "
        "thành phố để nắm tình hình thực hiện nhiệm vụ.",
        "Các cụm thi đua đã tổ chức ký kết giao ước thi đua, thống nhất {n} tiêu chí chấm điểm "
        "cụ thể cho năm {year}.",
        "Hội thi thu hút {n} đội đến từ các xã, thị trấn, mỗi đội gồm {n2} thành viên là cán bộ "
        "Mặt trận, trưởng thôn và người có uy tín.",
        "Tổ công nghệ số cộng đồng đã hướng dẫn hơn {people} lượt người dân cài đặt ứng dụng, "
        "thực hiện dịch vụ công trực tuyến.",
        "Dịp này, {org} đã trao Kỷ niệm chương \"Vì sự nghiệp đại đoàn kết dân tộc\" cho {n} cá "
        "nhân có nhiều đóng góp.",
    ),
    "law": (
        "Theo dự thảo, văn bản gồm {n} chương, {n_big} điều, quy định cụ thể về đối tượng, điều "
        "kiện và mức hỗ trợ.",
        "Các thành viên Hội đồng tư vấn về dân chủ - pháp luật cho rằng cần quy định rõ hơn trách "
        "nhiệm của chính quyền cấp xã trong tổ chức thực hiện.",
        "Qua giám sát cho thấy, việc chi trả các chế độ, chính sách cơ bản đúng đối tượng, kịp "
        "thời và được công khai tại trụ sở UBND xã, nhà văn hóa thôn.",
        "Đoàn giám sát kiến nghị UBND {district} chỉ đạo các xã tăng cường kiểm tra, rà soát, "
        "không để xảy ra sai sót trong quá trình thực hiện.",
        "Ban Thanh tra nhân dân có nhiệm vụ giám sát việc thực hiện chính sách, pháp luật và việc "
        "giải quyết khiếu nại, tố cáo tại cơ sở.",
        "Tại buổi đối thoại, người dân đã nêu {n} ý kiến liên quan đến {issue}.",
        "Các ý kiến đã được lãnh đạo UBND {commune} trả lời thỏa đáng; nội dung vượt thẩm quyền "
        "được tổng hợp, báo cáo cấp trên.",
        "Trong năm, các tổ hòa giải ở cơ sở đã hòa giải thành {n_big} vụ việc, góp phần giữ gìn "
        "tình làng nghĩa xóm.",
        "Dự thảo bổ sung quy định về trách nhiệm giải trình của cơ quan, người có thẩm quyền khi "
        "tiếp nhận kiến nghị của Nhân dân.",
        "Nhiều ý kiến đề nghị cơ quan soạn thảo làm rõ nguồn kinh phí và lộ trình thực hiện để "
        "bảo đảm tính khả thi của dự thảo.",
    ),
    "unity": (
        "Ngôi nhà có diện tích {area} m², tổng kinh phí xây dựng hơn {money_small}, trong đó Quỹ "
        "\"Vì người nghèo\" {district} hỗ trợ {gift_big}, phần còn lại do gia đình, dòng họ và bà "
        "con lối xóm giúp đỡ.",
        "Niềm vui hiện rõ trên gương mặt {elder} khi nhận chìa khóa ngôi nhà mới.",
        "Đây là hoạt động thiết thực nhằm chia sẻ khó khăn, động viên các hộ gia đình vươn lên "
        "trong cuộc sống.",
        "Đoàn đã đến thăm, tặng quà các gia đình chính sách, người có công với cách mạng và hộ "
        "nghèo trên địa bàn. Mỗi suất quà trị giá {gift}, gồm tiền mặt và nhu yếu phẩm thiết yếu.",
        "Ngày hội diễn ra trong không khí vui tươi với nhiều hoạt động văn hóa, văn nghệ, thể dục "
        "thể thao và các trò chơi dân gian.",
        "Dịp này, {org} đã trao {n_big} suất quà cho hộ nghèo, học sinh có hoàn cảnh khó khăn; mỗi "
        "suất quà trị giá {gift}.",
        "Từ nguồn Quỹ \"Vì người nghèo\", năm {prev_year} toàn tỉnh đã hỗ trợ xây mới và sửa chữa "
        "{n_big} nhà Đại đoàn kết, hỗ trợ sinh kế cho hàng trăm hộ nghèo.",
        "Các tập thể, cá nhân đã ủng hộ bằng tiền mặt, hiện vật, ngày công với tổng giá trị hơn "
        "{money}.",
        "Bữa cơm đoàn kết được tổ chức ấm cúng ngay tại sân nhà văn hóa, với sự tham gia của đông "
        "đảo bà con trong thôn.",
        "Đồng bào các dân tộc trên địa bàn luôn đoàn kết, tin tưởng vào sự lãnh đạo của Đảng, chấp "
        "hành tốt chủ trương, chính sách của Nhà nước.",
        "Mô hình \"Tết sẻ chia\" được duy trì nhiều năm nay đã giúp hàng nghìn hộ khó khăn đón Tết "
        "đầm ấm.",
        "Mặt trận các cấp đã kịp thời tiếp nhận {money} hàng cứu trợ, chuyển đến tận tay những hộ "
        "dân bị thiệt hại.",
    ),
}

# Picture captions; some carry a photo credit in brackets, as portals often print them.
CAPTIONS: tuple[str, ...] = (
    "Quang cảnh hội nghị",
    "Đồng chí {name}, {role} phát biểu tại hội nghị",
    "Trao Giấy khen cho các tập thể, cá nhân có thành tích xuất sắc",
    "Mô hình \"{model}\" tại {village}",
    "Bàn giao nhà Đại đoàn kết cho hộ nghèo {commune}",
    "Tuyến đường bê tông do Nhân dân {village} đóng góp xây dựng",
    "Các đại biểu tham quan gian hàng sản phẩm OCOP",
    "Trao quà cho hộ nghèo tại {commune}",
    "Đại biểu dự Ngày hội Đại đoàn kết tại {village}",
    "Người dân góp ý dự thảo tại hội nghị",
    "Cán bộ Mặt trận {commune} đến từng nhà vận động Nhân dân",
    "Các đội thi tranh tài tại hội thi \"{contest}\"",
)

# Phrases that the body may turn into links, and where they point. A path is internal
# (the demo serves it; mobile pages prefix it with /m); an https URL is external; an empty
# target means "one of the article's related articles".
LINK_PHRASES: tuple[tuple[str, str], ...] = (
    ("Chương trình mục tiêu quốc gia xây dựng nông thôn mới", "/tin-tuc/tham-gia-xay-dung-nong-thon-moi"),
    ("Ngày hội Đại đoàn kết toàn dân tộc", "/tin-tuc/dai-doan-ket-toan-dan-toc"),
    ("Quỹ \"Vì người nghèo\"", "/tin-tuc/dai-doan-ket-toan-dan-toc"),
    ("giám sát và phản biện xã hội", "/tin-tuc/dan-chu-phap-luat"),
    ("Ủy ban Trung ương MTTQ Việt Nam", "https://mattran.org.vn/"),
    ("sản phẩm OCOP", "https://ocop.gov.vn/"),
    ("dịch vụ công trực tuyến", "https://dichvucong.gov.vn/"),
    ("tiếp xúc cử tri", "/tin-tuc/dan-chu-phap-luat"),
    ("nông thôn mới nâng cao", "/tin-tuc/tham-gia-xay-dung-nong-thon-moi"),
    ("nhà Đại đoàn kết", ""),
    ("Khu dân cư văn hóa", ""),
    ("Ban Công tác Mặt trận", ""),
    ("Tháng cao điểm \"Vì người nghèo\"", ""),
)
