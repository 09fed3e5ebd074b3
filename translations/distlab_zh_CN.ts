<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>EventLogModel</name>
    <message>
        <source>nodes</source>
        <translation>节点</translation>
    </message>
    <message>
        <source>from</source>
        <translation>从</translation>
    </message>
    <message>
        <source>to</source>
        <translation>到</translation>
    </message>
    <message>
        <source>both ways</source>
        <translation>双向</translation>
    </message>
    <message>
        <source>added delay</source>
        <translation>增加的延迟</translation>
    </message>
    <message>
        <source>jitter</source>
        <translation>抖动</translation>
    </message>
    <message>
        <source>rate</source>
        <translation>比率</translation>
    </message>
    <message>
        <source>window</source>
        <translation>窗口</translation>
    </message>
    <message>
        <source>groups</source>
        <translation>分组</translation>
    </message>
    <message>
        <source>grudge</source>
        <translation>分区方式</translation>
    </message>
    <message>
        <source>offset</source>
        <translation>偏移</translation>
    </message>
    <message>
        <source>drift</source>
        <translation>漂移</translation>
    </message>
    <message>
        <source>command</source>
        <translation>命令</translation>
    </message>
    <message>
        <source>body</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>until</source>
        <translation>直到</translation>
    </message>
    <message>
        <source>may miss</source>
        <translation>可落空</translation>
    </message>
    <message>
        <source>by</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>targets</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>links cut</source>
        <translation>切断的链路</translation>
    </message>
    <message>
        <source>links</source>
        <translation>链路</translation>
    </message>
    <message>
        <source>sides</source>
        <translation>两侧</translation>
    </message>
    <message>
        <source>ring</source>
        <translation>环</translation>
    </message>
    <message>
        <source>sees</source>
        <translation>可见</translation>
    </message>
    <message>
        <source>missed</source>
        <translation>落空</translation>
    </message>
    <message>
        <source>fails the run</source>
        <translation>使运行失败</translation>
    </message>
    <message>
        <source>message</source>
        <translation>消息</translation>
    </message>
</context>
<context>
    <name>NodeStatus</name>
    <message>
        <source>dead</source>
        <translation>已宕机</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>ended</source>
        <translation>已结束</translation>
    </message>
</context>
<context>
    <name>distlab::views</name>
    <message>
        <source>latency</source>
        <translation>延迟</translation>
    </message>
    <message>
        <source>jitter</source>
        <translation>抖动</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>丢包</translation>
    </message>
    <message>
        <source>duplication</source>
        <translation>重复</translation>
    </message>
    <message>
        <source>reordering</source>
        <translation>乱序</translation>
    </message>
    <message>
        <source>bandwidth</source>
        <translation>带宽</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a valid node id: a lowercase letter, then letters, digits, &apos;_&apos; or &apos;-&apos;.</source>
        <translation>“%1”不是有效的节点 ID：须以小写字母开头，后接字母、数字、“_”或“-”。</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is reserved (all, any, lab, leader, random select nodes); choose another id.</source>
        <translation>“%1”是保留字（all、any、lab、leader、random 用于选择节点）；请换一个 ID。</translation>
    </message>
    <message>
        <source>There is already a node &quot;%1&quot;.</source>
        <translation>已经有名为“%1”的节点。</translation>
    </message>
    <message>
        <source>Cannot write %1.</source>
        <translation>无法写入 %1。</translation>
    </message>
    <message>
        <source>Choose a file name ending in .svg or .png.</source>
        <translation>请选择以 .svg 或 .png 结尾的文件名。</translation>
    </message>
    <message>
        <source>The fault at %1 (%2) names &quot;%3&quot;; change or remove the fault in the lab settings first.</source>
        <translation>%1 处的故障（%2）指定了“%3”；请先在实验设置中修改或删除该故障。</translation>
    </message>
    <message>
        <source>A narrative step waits for &quot;%1&quot;; change or remove the step in the lab settings first.</source>
        <translation>有一个讲解步骤在等待“%1”；请先在实验设置中修改或删除该步骤。</translation>
    </message>
    <message>
        <source>The check &quot;%1&quot; names &quot;%2&quot;; change or remove the check in the lab settings first.</source>
        <translation>检查“%1”指定了“%2”；请先在实验设置中修改或删除该检查。</translation>
    </message>
</context>
<context>
    <name>distlab::views::AddLinkCommand</name>
    <message>
        <source>A link joins two existing nodes.</source>
        <translation>链路只能连接两个已有的节点。</translation>
    </message>
    <message>
        <source>A node cannot be linked to itself.</source>
        <translation>节点不能与自身相连。</translation>
    </message>
    <message>
        <source>Every node is linked to every other already (links: full).</source>
        <translation>每个节点都已与其他所有节点相连（links: full）。</translation>
    </message>
    <message>
        <source>%1 and %2 are linked already.</source>
        <translation>%1 与 %2 已经相连。</translation>
    </message>
    <message>
        <source>Link %1 and %2</source>
        <translation>连接 %1 与 %2</translation>
    </message>
</context>
<context>
    <name>distlab::views::AddNodeCommand</name>
    <message>
        <source>Add node %1</source>
        <translation>添加节点 %1</translation>
    </message>
    <message>
        <source>There is no role &quot;%1&quot;.</source>
        <translation>没有名为“%1”的角色。</translation>
    </message>
</context>
<context>
    <name>distlab::views::CampaignDialog</name>
    <message>
        <source>Running in the simulator...</source>
        <translation>正在模拟器中运行...</translation>
    </message>
    <message>
        <source>Stopping...</source>
        <translation>正在停止...</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>停止(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>开始(&amp;S)</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
</context>
<context>
    <name>distlab::views::ChaosDialog</name>
    <message>
        <source>Kill a node</source>
        <translation>杀死节点</translation>
    </message>
    <message>
        <source>Pause a node</source>
        <translation>暂停节点</translation>
    </message>
    <message>
        <source>Partition</source>
        <translation>网络分区</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>延迟</translation>
    </message>
    <message>
        <source>Message loss</source>
        <translation>消息丢失</translation>
    </message>
    <message>
        <source>Duplication</source>
        <translation>消息重复</translation>
    </message>
    <message>
        <source>Clock skew</source>
        <translation>时钟偏差</translation>
    </message>
    <message>
        <source>Open and &amp;Replay</source>
        <translation>打开并重放(&amp;R)</translation>
    </message>
    <message>
        <source>Chaos: %1</source>
        <translation>混沌测试：%1</translation>
    </message>
    <message>
        <source>This scenario has no check to judge under random faults (checks timed with &quot;after&quot; are left out), so chaos has nothing to look for.</source>
        <translation>该场景没有可在随机故障下判定的检查（带 &quot;after&quot; 时间的检查不参与），混沌测试无从查找。</translation>
    </message>
    <message>
        <source>Runs the scenario many times in the simulator, each run under its own random fault schedule, and shrinks the first failure to the smallest schedule that still fails. The scenario&apos;s own faults and narrative are left out. Checks judged: %1.</source>
        <translation>在模拟器中多次运行该场景，每次运行使用各自的随机故障计划，并把第一次失败缩减为仍会失败的最小故障计划。场景自带的故障和讲解步骤不参与。判定的检查：%1。</translation>
    </message>
    <message>
        <source>How many runs, each under its own random schedule</source>
        <translation>运行次数，每次使用各自的随机故障计划</translation>
    </message>
    <message>
        <source>Run k uses this seed + k - 1, for the simulation and its schedule: one run with a failing seed repeats that failure exactly</source>
        <translation>第 k 次运行使用种子 + k - 1，模拟和故障计划都由它决定：用失败的种子运行一次即可准确重现那次失败</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>The mean time between two faults, in the scenario&apos;s time; each fault is undone after half to one and a half intervals</source>
        <translation>两次故障之间的平均时间（场景时间）；每个故障在 0.5 到 1.5 个间隔后撤销</translation>
    </message>
    <message>
        <source>No limit</source>
        <translation>不限</translation>
    </message>
    <message>
        <source>Wall-clock time the runs may take; shrinking comes after it</source>
        <translation>这些运行可占用的实际时间；缩减在此之后进行</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>运行次数</translation>
    </message>
    <message>
        <source>First seed</source>
        <translation>起始种子</translation>
    </message>
    <message>
        <source>Faults</source>
        <translation>故障</translation>
    </message>
    <message>
        <source>Mean interval</source>
        <translation>平均间隔</translation>
    </message>
    <message>
        <source>Time budget</source>
        <translation>时间预算</translation>
    </message>
    <message>
        <source>The result shows here when the runs end.</source>
        <translation>运行结束后，结果显示在这里。</translation>
    </message>
    <message>
        <source>Write the shrunk scenario to a file in the temporary folder, open it in the window and run it in the simulator: the failing check in the Checks panel links to the moment it failed</source>
        <translation>把缩减后的场景写入临时文件夹中的文件，在窗口中打开并在模拟器中运行：“检查”面板中失败的检查会链接到它失败的时刻</translation>
    </message>
    <message>
        <source>In the simulator only: every run is deterministic, so a seed repeats its run.</source>
        <translation>仅在模拟器中运行：每次运行都是确定性的，同一个种子会重现同一次运行。</translation>
    </message>
    <message>
        <source>Runs: %v of %m</source>
        <translation>运行：%v / %m</translation>
    </message>
    <message>
        <source>Choose at least one kind of fault.</source>
        <translation>请至少选择一种故障。</translation>
    </message>
    <message>
        <source>Shrinking: %v runs (at most %m)</source>
        <translation>缩减：已运行 %v 次（最多 %m 次）</translation>
    </message>
    <message>
        <source>A run failed: shrinking its schedule...</source>
        <translation>有一次运行失败：正在缩减它的故障计划...</translation>
    </message>
    <message numerus="yes">
        <source>Stopped early after %n run(s).</source>
        <translation>
            <numerusform>运行 %n 次后提前停止。</numerusform>
        </translation>
    </message>
    <message>
        <source>Finished in %1 s.</source>
        <translation>用时 %1 s 完成。</translation>
    </message>
    <message numerus="yes">
        <source>%n run(s): %1 passed, %2 failed</source>
        <translation>
            <numerusform>共 %n 次运行：%1 次通过，%2 次失败</numerusform>
        </translation>
    </message>
    <message>
        <source>Failures by check:</source>
        <translation>各检查的失败次数：</translation>
    </message>
    <message numerus="yes">
        <source>failed in %n run(s)</source>
        <translation>
            <numerusform>在 %n 次运行中失败</numerusform>
        </translation>
    </message>
    <message>
        <source>Failing seeds:</source>
        <translation>失败的种子：</translation>
    </message>
    <message numerus="yes">
        <source>Shrunk: with seed %1, %2 fails under %n fault(s) (of %3 in its random schedule):</source>
        <translation>
            <numerusform>缩减结果：种子为 %1 时，%2 在以下 %n 个故障下失败（随机故障计划原有 %3 个）：</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Minimal: removing any one of these faults makes the check pass (%n shrinking run(s)).</source>
        <translation>
            <numerusform>已最小：去掉其中任何一个故障，检查就会通过（缩减共运行 %n 次）。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Not minimal: the shrinking budget ran out (%n run(s)).</source>
        <translation>
            <numerusform>未达最小：缩减的运行预算已用完（%n 次运行）。</numerusform>
        </translation>
    </message>
    <message>
        <source>No schedule broke a check.</source>
        <translation>没有任何故障计划使检查失败。</translation>
    </message>
    <message>
        <source>Chaos</source>
        <translation>混沌测试</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>Leader cut off with a minority</source>
        <translation>领导者与少数派一起被隔开</translation>
    </message>
    <message>
        <source>A server deaf to the leader</source>
        <translation>一台服务器听不到领导者</translation>
    </message>
    <message>
        <source>Crash the leader</source>
        <translation>让领导者崩溃</translation>
    </message>
    <message>
        <source>Crash and restart at once</source>
        <translation>崩溃后立即重启</translation>
    </message>
</context>
<context>
    <name>distlab::views::ChecksPanel</name>
    <message>
        <source>Check</source>
        <translation>检查</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>结论</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>Click to move the timeline to where %1 looked (%2 s to %3 s)</source>
        <translation>点击将时间线移到 %1 检查的位置（%2 s 至 %3 s）</translation>
    </message>
    <message>
        <source>the nodes %1</source>
        <translation>节点 %1</translation>
    </message>
    <message numerus="yes">
        <source>%n message(s)</source>
        <translation>
            <numerusform>%n 条消息</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n operation(s)</source>
        <translation>
            <numerusform>%n 个操作</numerusform>
        </translation>
    </message>
    <message>
        <source>Click to highlight %1</source>
        <translation>点击以高亮 %1</translation>
    </message>
    <message>
        <source>Click to select %1 (the Log and State follow it) and highlight %2</source>
        <translation>点击以选中 %1（日志和状态随之切换）并高亮 %2</translation>
    </message>
    <message>
        <source>passed</source>
        <translation>通过</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>未通过</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
</context>
<context>
    <name>distlab::views::CompareDialog</name>
    <message>
        <source>In the simulator (fast, deterministic)</source>
        <translation>在模拟器中运行（快速、确定性）</translation>
    </message>
    <message>
        <source>Browse...</source>
        <translation>浏览...</translation>
    </message>
    <message>
        <source>Report Folder</source>
        <translation>报告文件夹</translation>
    </message>
    <message>
        <source>Report folder</source>
        <translation>报告文件夹</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>比较</translation>
    </message>
    <message>
        <source>Compare Scenarios or Recordings</source>
        <translation>比较场景或录制</translation>
    </message>
    <message>
        <source>A scenario (.yaml) or a recording (.distlab)</source>
        <translation>场景（.yaml）或录制（.distlab）</translation>
    </message>
    <message>
        <source>Scenario or Recording</source>
        <translation>场景或录制</translation>
    </message>
    <message>
        <source>Scenarios and recordings (*.yaml *.yml *.distlab);;Scenarios (*.yaml *.yml);;Recordings (*.distlab)</source>
        <translation>场景和录制 (*.yaml *.yml *.distlab);;场景 (*.yaml *.yml);;录制 (*.distlab)</translation>
    </message>
    <message>
        <source>Side A</source>
        <translation>A 侧</translation>
    </message>
    <message>
        <source>Side B</source>
        <translation>B 侧</translation>
    </message>
    <message>
        <source>Runs of each scenario</source>
        <translation>每个场景的运行次数</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>种子</translation>
    </message>
    <message>
        <source>%1: choose a scenario (.yaml) or a recording (.distlab).</source>
        <translation>%1：请选择场景（.yaml）或录制（.distlab）。</translation>
    </message>
    <message>
        <source>%1: %2 does not exist.</source>
        <translation>%1：%2 不存在。</translation>
    </message>
    <message>
        <source>%1: scenario %2, run by the comparison.</source>
        <translation>%1：场景 %2，由比较运行。</translation>
    </message>
    <message>
        <source>%1: not a recording DistLab can read: %2</source>
        <translation>%1：不是 DistLab 能读取的录制：%2</translation>
    </message>
    <message>
        <source>%1: recording of %2, seed %3.</source>
        <translation>%1：%2 的录制，种子 %3。</translation>
    </message>
    <message>
        <source>%1: recording of %2, seed %3, recorded %4 UTC.</source>
        <translation>%1：%2 的录制，种子 %3，录制于 %4 UTC。</translation>
    </message>
    <message>
        <source>A</source>
        <translation>A</translation>
    </message>
    <message>
        <source>B</source>
        <translation>B</translation>
    </message>
    <message>
        <source>Both are recordings: nothing runs, so runs, seed and simulator do not apply.</source>
        <translation>两侧都是录制：不会运行任何东西，因此运行次数、种子和模拟器均不适用。</translation>
    </message>
    <message>
        <source>the recording&apos;s</source>
        <translation>录制的种子</translation>
    </message>
    <message>
        <source>Runs of each scenario. Several runs show the run-to-run spread: differences within it read &quot;same&quot;. A recording is one run.</source>
        <translation>每个场景的运行次数。多次运行能显示运行之间的波动：在波动范围内的差异记为“相同”。一个录制只算一次运行。</translation>
    </message>
    <message>
        <source>The seed of run 1 of both sides (run k uses seed + k - 1). By default each scenario runs under its own seed, or under the recording&apos;s when the other side is a recording.</source>
        <translation>两侧第 1 次运行的种子（第 k 次运行使用 种子 + k - 1）。默认每个场景使用它自己的种子；若另一侧是录制，则使用录制的种子。</translation>
    </message>
    <message>
        <source>each scenario&apos;s own</source>
        <translation>各场景自己的种子</translation>
    </message>
    <message>
        <source>A difference between A and B counts only beyond this share of the larger value (for a percentage: that many points) and, with several runs, beyond their spread; anything less reads &quot;same&quot;. 5 % unless changed.</source>
        <translation>A 与 B 的差异只有超过较大值的这一比例（百分比指标则为这么多个百分点），并且在多次运行时超出其波动范围，才算作差异；否则读作“相同”。默认 5 %。</translation>
    </message>
    <message>
        <source>Noise threshold</source>
        <translation>噪声阈值</translation>
    </message>
</context>
<context>
    <name>distlab::views::EditorController</name>
    <message>
        <source>&amp;Ring...</source>
        <translation>环形(&amp;R)...</translation>
    </message>
    <message>
        <source>&amp;Star...</source>
        <translation>星形(&amp;S)...</translation>
    </message>
    <message>
        <source>Full &amp;Mesh...</source>
        <translation>全互联(&amp;M)...</translation>
    </message>
    <message>
        <source>&amp;Cluster...</source>
        <translation>集群(&amp;C)...</translation>
    </message>
    <message>
        <source>Roles</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Inspector</source>
        <translation>检查器</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;New Empty Lab</source>
        <translation>新建空实验(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>Save &amp;As...</source>
        <translation>另存为(&amp;A)...</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>删除(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Generate</source>
        <translation>生成(&amp;G)</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>未保存的更改</translation>
    </message>
    <message>
        <source>The lab has changes that are not saved. Save them?</source>
        <translation>该实验有尚未保存的更改。要保存吗？</translation>
    </message>
    <message>
        <source>Cannot save the lab</source>
        <translation>无法保存实验</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <source>Save Lab As</source>
        <translation>实验另存为</translation>
    </message>
    <message>
        <source>Scenarios (*.yaml *.yml)</source>
        <translation>场景 (*.yaml *.yml)</translation>
    </message>
    <message>
        <source>Generate</source>
        <translation>生成</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Nodes</source>
        <translation>节点数</translation>
    </message>
    <message>
        <source>Cannot generate</source>
        <translation>无法生成</translation>
    </message>
    <message>
        <source>Drawing Tools</source>
        <translation>绘图工具</translation>
    </message>
    <message>
        <source>Select</source>
        <translation>选择</translation>
    </message>
    <message>
        <source>Add Node</source>
        <translation>添加节点</translation>
    </message>
    <message>
        <source>Link</source>
        <translation>链路</translation>
    </message>
    <message>
        <source>Partition</source>
        <translation>网络分区</translation>
    </message>
    <message>
        <source>The role of the nodes the Add Node tool places</source>
        <translation>“添加节点”工具所放置节点的角色</translation>
    </message>
    <message>
        <source>Select: click a node or a message; drag a line across empty canvas to partition.</source>
        <translation>选择：点击节点或消息；在画布空白处拖出一条线即可分区。</translation>
    </message>
    <message>
        <source>Select: click to edit in the inspector, drag to move, Shift+drag from a node to link, Delete removes.</source>
        <translation>选择：点击后在检查器中编辑，拖动以移动，从节点按住 Shift 拖动以连线，按 Delete 删除。</translation>
    </message>
    <message>
        <source>Add Node: click on empty canvas to place a %1 node.</source>
        <translation>添加节点：在画布空白处点击，放置一个 %1 节点。</translation>
    </message>
    <message>
        <source>Link: drag from one node to another to link them.</source>
        <translation>链路：从一个节点拖到另一个节点即可连接二者。</translation>
    </message>
    <message>
        <source>Partition: drag a line across the canvas; the nodes on either side are cut apart.</source>
        <translation>网络分区：在画布上拖出一条线，线两侧的节点被切断。</translation>
    </message>
    <message>
        <source>Partition: during a run, drag a line across the canvas to cut the network in two.</source>
        <translation>网络分区：运行期间在画布上拖出一条线，把网络一分为二。</translation>
    </message>
</context>
<context>
    <name>distlab::views::EventLogModel</name>
    <message>
        <source>debug</source>
        <translation>调试</translation>
    </message>
    <message>
        <source>info</source>
        <translation>信息</translation>
    </message>
    <message>
        <source>lab</source>
        <translation>实验室</translation>
    </message>
    <message>
        <source>warn</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>violation</source>
        <translation>违例</translation>
    </message>
    <message>
        <source>Time (s)</source>
        <translation>时间 (s)</translation>
    </message>
    <message>
        <source>Node</source>
        <translation>节点</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>级别</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>消息</translation>
    </message>
    <message>
        <source>run started</source>
        <translation>运行开始</translation>
    </message>
    <message>
        <source>run ended: %1</source>
        <translation>运行结束：%1</translation>
    </message>
    <message>
        <source>restarted as %1</source>
        <translation>以 %1 角色重启</translation>
    </message>
    <message>
        <source>started as %1</source>
        <translation>以 %1 角色启动</translation>
    </message>
    <message>
        <source>exited (%1)</source>
        <translation>已退出（%1）</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>resumed</source>
        <translation>已恢复</translation>
    </message>
    <message>
        <source>fault %1: %2</source>
        <translation>故障 %1：%2</translation>
    </message>
    <message>
        <source>healed %1</source>
        <translation>已恢复 %1</translation>
    </message>
    <message>
        <source>enters %1</source>
        <translation>进入%1</translation>
    </message>
    <message>
        <source>enters %1: %2</source>
        <translation>进入%1：%2</translation>
    </message>
    <message>
        <source>run paused at a narrative step</source>
        <translation>运行在旁白步骤处暂停</translation>
    </message>
    <message>
        <source>run paused by hand</source>
        <translation>运行已手动暂停</translation>
    </message>
    <message>
        <source>; still running: the timers inside the node processes</source>
        <translation>；仍在运行：节点进程内部的定时器</translation>
    </message>
    <message>
        <source>run resumed after a pause of %1 s</source>
        <translation>运行在暂停 %1 s 后继续</translation>
    </message>
    <message>
        <source>duration reached</source>
        <translation>已到设定时长</translation>
    </message>
    <message>
        <source>stopped by the user</source>
        <translation>被用户停止</translation>
    </message>
    <message>
        <source>shutdown</source>
        <translation>正常关闭</translation>
    </message>
    <message>
        <source>by a fault</source>
        <translation>因故障</translation>
    </message>
    <message>
        <source>crash</source>
        <translation>崩溃</translation>
    </message>
</context>
<context>
    <name>distlab::views::ExportActions</name>
    <message>
        <source>Export Report</source>
        <translation>导出报告</translation>
    </message>
    <message>
        <source>Run the scenario or open a recording first.</source>
        <translation>请先运行场景或打开录制文件。</translation>
    </message>
    <message>
        <source>Export Report To</source>
        <translation>导出报告到</translation>
    </message>
    <message>
        <source>A report is still being written; export again when it is done.</source>
        <translation>报告仍在写入，写完后再导出。</translation>
    </message>
    <message>
        <source>Writing the report...</source>
        <translation>正在写报告...</translation>
    </message>
    <message>
        <source>The report could not be written.</source>
        <translation>报告未能写入。</translation>
    </message>
    <message>
        <source>Report written to %1 (report.html, report.pdf, CSV, JSON, trace).</source>
        <translation>报告已写入 %1（report.html、report.pdf、CSV、JSON、trace）。</translation>
    </message>
    <message>
        <source>SVG (*.svg);;PNG (*.png)</source>
        <translation>SVG (*.svg);;PNG (*.png)</translation>
    </message>
    <message>
        <source>Wrote %1</source>
        <translation>已写入 %1</translation>
    </message>
    <message>
        <source>The comparison failed.</source>
        <translation>比较失败。</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>比较</translation>
    </message>
    <message>
        <source>Comparison written to %1; both sides passed their checks.</source>
        <translation>比较报告已写入 %1；双方都通过了检查。</translation>
    </message>
    <message>
        <source>Comparison written to %1; some checks failed.</source>
        <translation>比较报告已写入 %1；有检查未通过。</translation>
    </message>
    <message>
        <source>Cannot start %1.</source>
        <translation>无法启动 %1。</translation>
    </message>
    <message>
        <source>Comparing...</source>
        <translation>正在比较...</translation>
    </message>
    <message>
        <source>Folder:</source>
        <translation>文件夹：</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>%1 is a file, not a folder: choose a folder or a new folder&apos;s name.</source>
        <translation>%1 是文件而不是文件夹：请选择一个文件夹，或输入新文件夹的名称。</translation>
    </message>
    <message>
        <source>The folder %1 could not be created.</source>
        <translation>无法创建文件夹 %1。</translation>
    </message>
</context>
<context>
    <name>distlab::views::ForkActions</name>
    <message>
        <source>&amp;Fork Here...</source>
        <translation>从此处分叉(&amp;F)...</translation>
    </message>
    <message>
        <source>What if: replay this run in the simulator up to the cursor, change one thing there, and run on as a new run</source>
        <translation>假如……：在模拟器中把这次运行重放到游标处，在那里改变一件事，再作为新的运行继续</translation>
    </message>
    <message>
        <source>Fork at %1 s</source>
        <translation>在 %1 s 处分叉</translation>
    </message>
    <message>
        <source>The simulator replays %1 up to %2 s, makes this change there and runs on. The new run opens in a window of its own; File &gt; Compare sets the two side by side.</source>
        <translation>模拟器把 %1 重放到 %2 s，在那里做出这个改变并继续运行。新的运行在单独的窗口中打开；“文件 &gt; 比较”可将两者并排对照。</translation>
    </message>
    <message>
        <source>Add a fault</source>
        <translation>添加故障</translation>
    </message>
    <message>
        <source>Change a parameter</source>
        <translation>修改参数</translation>
    </message>
    <message>
        <source>Nothing: replay</source>
        <translation>不改变：重放</translation>
    </message>
    <message>
        <source>Change:</source>
        <translation>改变：</translation>
    </message>
    <message>
        <source>What:</source>
        <translation>内容：</translation>
    </message>
    <message>
        <source>One fault as a scenario writes it, e.g. {kill: n2}, {pause: leader}, {partition: [[n1], [n2, n3]], until: 2s}. It fires at the fork.</source>
        <translation>按场景文件的写法写一个故障，例如 {kill: n2}、{pause: leader}、{partition: [[n1], [n2, n3]], until: 2s}。它在分叉点触发。</translation>
    </message>
    <message>
        <source>NODE.KEY=VALUE: the node restarts at the fork with this parameter (its disk kept).</source>
        <translation>节点.参数=值：该节点在分叉点以这个参数重启（保留其磁盘）。</translation>
    </message>
    <message>
        <source>The fork repeats the run: a check that the simulator reproduces it.</source>
        <translation>分叉重复这次运行：检验模拟器能否复现它。</translation>
    </message>
    <message>
        <source>Fork</source>
        <translation>分叉</translation>
    </message>
    <message>
        <source>Message %1: %2 → %3 (%4)</source>
        <translation>消息 %1：%2 → %3（%4）</translation>
    </message>
    <message>
        <source>fork: deliver this now</source>
        <translation>分叉：立即投递这条消息</translation>
    </message>
    <message>
        <source>fork: drop this</source>
        <translation>分叉：丢弃这条消息</translation>
    </message>
    <message>
        <source>Pause the run, or open a recording, to fork it</source>
        <translation>暂停运行或打开一个录制，才能分叉</translation>
    </message>
    <message>
        <source>A new run from %1 s</source>
        <translation>从 %1 s 开始的新运行</translation>
    </message>
    <message>
        <source>A fork is already running.</source>
        <translation>已有一个分叉正在运行。</translation>
    </message>
    <message>
        <source>Pause the run, or open a recording, to fork it.</source>
        <translation>暂停运行或打开一个录制，才能分叉。</translation>
    </message>
    <message>
        <source>Forking %1 at %2 s...</source>
        <translation>正在从 %2 s 处分叉 %1……</translation>
    </message>
    <message>
        <source>The fork did not start: %1</source>
        <translation>分叉未能开始：%1</translation>
    </message>
    <message>
        <source>The parent ran on real processes; the fork replays it in the simulator.</source>
        <translation>父运行在真实进程上进行；分叉在模拟器中重放它。</translation>
    </message>
    <message>
        <source>The replay differs from the recording before the fork: %1</source>
        <translation>分叉点之前的重放与录制不一致：%1</translation>
    </message>
    <message numerus="yes">
        <source>The replay equals the recording up to the fork (%n event(s)).</source>
        <translation>
            <numerusform>直到分叉点，重放与录制逐个事件一致（%n 个事件）。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>distlab::views::HandFaults</name>
    <message>
        <source>&amp;Heal All Faults</source>
        <translation>治愈全部故障(&amp;H)</translation>
    </message>
    <message>
        <source>Heal every partition and link fault, resume paused nodes (Ctrl+H)</source>
        <translation>治愈所有分区和链路故障，恢复被暂停的节点 (Ctrl+H)</translation>
    </message>
    <message>
        <source>Killed %1 (SIGKILL).</source>
        <translation>已杀死 %1 (SIGKILL)。</translation>
    </message>
    <message>
        <source>Restarting %1 with its data directory.</source>
        <translation>正在用原数据目录重启 %1。</translation>
    </message>
    <message>
        <source>Paused %1 (SIGSTOP).</source>
        <translation>已暂停 %1 (SIGSTOP)。</translation>
    </message>
    <message>
        <source>Resumed %1.</source>
        <translation>已恢复 %1。</translation>
    </message>
    <message>
        <source>Clock of %1: %2 ms offset, %3 ppm drift.</source>
        <translation>%1 的时钟：偏移 %2 ms，漂移 %3 ppm。</translation>
    </message>
    <message>
        <source>Restored the link %1 – %2.</source>
        <translation>已恢复链路 %1 – %2。</translation>
    </message>
    <message>
        <source>Cut the link %1 – %2 both ways.</source>
        <translation>已双向切断链路 %1 – %2。</translation>
    </message>
    <message>
        <source>Cut the link from %1 to %2 only.</source>
        <translation>已只切断从 %1 到 %2 的方向。</translation>
    </message>
    <message>
        <source>Holding messages from %1 to %2: deliver or drop them in Held Messages.</source>
        <translation>正在暂扣从 %1 到 %2 的消息：请在“暂扣的消息”中投递或丢弃。</translation>
    </message>
    <message>
        <source>No longer holding messages from %1 to %2.</source>
        <translation>不再暂扣从 %1 到 %2 的消息。</translation>
    </message>
    <message>
        <source>Partitioned {%1} from {%2}.</source>
        <translation>已将 {%1} 与 {%2} 分区隔离。</translation>
    </message>
    <message>
        <source>Healed every partition and link fault.</source>
        <translation>已治愈所有分区和链路故障。</translation>
    </message>
    <message>
        <source>Node %1</source>
        <translation>节点 %1</translation>
    </message>
    <message>
        <source>Kill (SIGKILL)</source>
        <translation>杀死 (SIGKILL)</translation>
    </message>
    <message>
        <source>Restart</source>
        <translation>重启</translation>
    </message>
    <message>
        <source>Pause (SIGSTOP)</source>
        <translation>暂停 (SIGSTOP)</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>Isolate from Everyone</source>
        <translation>与所有节点隔离</translation>
    </message>
    <message>
        <source>Clock Skew...</source>
        <translation>时钟偏差...</translation>
    </message>
    <message>
        <source>Start a run to inject faults</source>
        <translation>开始运行后才能注入故障</translation>
    </message>
    <message>
        <source>Link %1 – %2</source>
        <translation>链路 %1 – %2</translation>
    </message>
    <message>
        <source>Restore the Link</source>
        <translation>恢复链路</translation>
    </message>
    <message>
        <source>Cut Both Ways</source>
        <translation>双向切断</translation>
    </message>
    <message>
        <source>Cut %1 → %2 Only</source>
        <translation>只切断 %1 → %2</translation>
    </message>
    <message>
        <source>Stop Holding %1 → %2</source>
        <translation>停止暂扣 %1 → %2</translation>
    </message>
    <message>
        <source>Hold Messages %1 → %2</source>
        <translation>暂扣消息 %1 → %2</translation>
    </message>
    <message>
        <source>Latency, Loss, Duplication...</source>
        <translation>延迟、丢包、重复...</translation>
    </message>
    <message>
        <source>Drag across the canvas to partition it</source>
        <translation>在画布上拖出一条线即可分区</translation>
    </message>
    <message>
        <source>Added latency</source>
        <translation>附加延迟</translation>
    </message>
    <message>
        <source> ms</source>
        <translation> ms</translation>
    </message>
    <message>
        <source>Jitter</source>
        <translation>抖动</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>丢包</translation>
    </message>
    <message>
        <source> %</source>
        <translation> %</translation>
    </message>
    <message>
        <source>Duplication</source>
        <translation>重复</translation>
    </message>
    <message>
        <source>Link %1 – %2: +%3 ms ± %4 ms, %5% loss, %6% duplicated.</source>
        <translation>链路 %1 – %2：+%3 ms ± %4 ms，丢包 %5%，重复 %6%。</translation>
    </message>
    <message>
        <source>Clock of %1</source>
        <translation>%1 的时钟</translation>
    </message>
    <message>
        <source> ppm</source>
        <translation> ppm</translation>
    </message>
    <message>
        <source>Rate error: 1000 ppm gains 1 ms every second</source>
        <translation>速率误差：1000 ppm 表示每秒快 1 ms</translation>
    </message>
    <message>
        <source>Offset</source>
        <translation>偏移</translation>
    </message>
    <message>
        <source>Drift</source>
        <translation>漂移</translation>
    </message>
    <message>
        <source>&amp;Deliver</source>
        <translation>投递(&amp;D)</translation>
    </message>
    <message>
        <source>D&amp;rop</source>
        <translation>丢弃(&amp;R)</translation>
    </message>
    <message>
        <source>Holding message %1 from %2 to %3: deliver or drop it in Held Messages.</source>
        <translation>正在暂扣从 %2 到 %3 的消息 %1：请在“暂扣的消息”中投递或丢弃。</translation>
    </message>
    <message>
        <source>Message %1 from %2 to %3 is held already: deliver or drop it in Held Messages.</source>
        <translation>从 %2 到 %3 的消息 %1 已被暂扣：请在“暂扣的消息”中投递或丢弃。</translation>
    </message>
    <message>
        <source>Message %1 from %2 to %3 was already delivered: only a message on its way can be held.</source>
        <translation>从 %2 到 %3 的消息 %1 已经送达：只有仍在途中的消息才能暂扣。</translation>
    </message>
    <message>
        <source>Message %1 from %2 to %3 was dropped.</source>
        <translation>从 %2 到 %3 的消息 %1 已被丢弃。</translation>
    </message>
    <message>
        <source>Only a message of the live run can be held.</source>
        <translation>只能暂扣正在进行的运行中的消息。</translation>
    </message>
    <message>
        <source>Message %1: %2 → %3</source>
        <translation>消息 %1：%2 → %3</translation>
    </message>
    <message>
        <source>Hold This Message</source>
        <translation>暂扣这条消息</translation>
    </message>
</context>
<context>
    <name>distlab::views::HeldMessagesModel</name>
    <message>
        <source>Held at (s)</source>
        <translation>暂扣于 (s)</translation>
    </message>
    <message>
        <source>From</source>
        <translation>发送方</translation>
    </message>
    <message>
        <source>To</source>
        <translation>接收方</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
</context>
<context>
    <name>distlab::views::Inspector</name>
    <message>
        <source>Nothing selected</source>
        <translation>未选中任何内容</translation>
    </message>
    <message>
        <source>Select a node or a link on the canvas to edit it.</source>
        <translation>在画布上选择一个节点或一条链路进行编辑。</translation>
    </message>
    <message>
        <source>Node %1</source>
        <translation>节点 %1</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>The node&apos;s id: a lowercase letter, then letters, digits, &apos;_&apos; or &apos;-&apos;.</source>
        <translation>节点的 ID：以小写字母开头，后接字母、数字、“_”或“-”。</translation>
    </message>
    <message>
        <source>Type: %1</source>
        <translation>类型：%1</translation>
    </message>
    <message>
        <source>Required.</source>
        <translation>必填。</translation>
    </message>
    <message>
        <source>node ids, comma separated</source>
        <translation>节点 ID，用逗号分隔</translation>
    </message>
    <message>
        <source>a duration (150ms, 2s)</source>
        <translation>时长（150ms、2s）</translation>
    </message>
    <message>
        <source>Link %1 ↔ %2</source>
        <translation>链路 %1 ↔ %2</translation>
    </message>
    <message>
        <source>Link %1 → %2</source>
        <translation>链路 %1 → %2</translation>
    </message>
    <message>
        <source>Empty fields take the network&apos;s defaults (preset %1).</source>
        <translation>留空的字段取网络默认值（预设 %1）。</translation>
    </message>
    <message>
        <source>Latency (ms)</source>
        <translation>延迟 (ms)</translation>
    </message>
    <message>
        <source>Jitter (ms)</source>
        <translation>抖动 (ms)</translation>
    </message>
    <message>
        <source>Reordering (ms)</source>
        <translation>乱序窗口 (ms)</translation>
    </message>
    <message>
        <source>Bandwidth (bytes/s)</source>
        <translation>带宽 (B/s)</translation>
    </message>
    <message>
        <source>Empty: the network default.</source>
        <translation>留空：取网络默认值。</translation>
    </message>
    <message>
        <source>%1 (default)</source>
        <translation>%1（默认）</translation>
    </message>
    <message>
        <source>Expected a number.</source>
        <translation>应为数字。</translation>
    </message>
    <message>
        <source>[min, max], e.g. [150ms, 300ms]</source>
        <translation>[最小, 最大]，例如 [150ms, 300ms]</translation>
    </message>
    <message>
        <source>Lab settings</source>
        <translation>实验设置</translation>
    </message>
    <message>
        <source>%1, %2: %3</source>
        <translation>%1，%2：%3</translation>
    </message>
    <message>
        <source>One fault, as in the scenario file&apos;s faults list. For example:</source>
        <translation>一个故障，写法与场景文件的 faults 列表相同。例如：</translation>
    </message>
    <message>
        <source>One narrative step: when it shows (at a time, or when a node reaches a phase), what it says, and whether step mode pauses there. For example:</source>
        <translation>一个讲解步骤：何时显示（某个时刻，或某节点进入某阶段时）、说什么，以及分步模式是否在此暂停。例如：</translation>
    </message>
    <message>
        <source>One check: its name, then its arguments.</source>
        <translation>一项检查：先写名称，再写参数。</translation>
    </message>
    <message>
        <source>The whole lab&apos;s settings. Select a node or a link on the canvas to edit it.</source>
        <translation>整个实验的设置。在画布上选择节点或链路即可编辑它。</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>The lab&apos;s name in files and reports: lowercase letters, digits and &apos;-&apos;. Saving to a new file names the lab after it.</source>
        <translation>实验在文件和报告中的名称：小写字母、数字和“-”。保存为新文件时，实验以该文件命名。</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>The title in English.</source>
        <translation>英文标题。</translation>
    </message>
    <message>
        <source>Title (Chinese)</source>
        <translation>标题（中文）</translation>
    </message>
    <message>
        <source>The title in Chinese.</source>
        <translation>中文标题。</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>时长</translation>
    </message>
    <message>
        <source>How long a run lasts, with its unit: 30s, 1500ms, 2m.</source>
        <translation>一次运行持续多久，带单位：30s、1500ms、2m。</translation>
    </message>
    <message>
        <source>30s</source>
        <translation>30s</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>The seed of every random choice: the same seed, the same simulated run.</source>
        <translation>所有随机选择的种子：种子相同，模拟运行就相同。</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>网络</translation>
    </message>
    <message>
        <source>The links&apos; latency, jitter, loss and bandwidth unless a link sets its own.</source>
        <translation>链路的延迟、抖动、丢包和带宽（链路自己设置的除外）。</translation>
    </message>
    <message>
        <source>Checks</source>
        <translation>检查</translation>
    </message>
    <message>
        <source>Scheduled faults</source>
        <translation>计划的故障</translation>
    </message>
    <message>
        <source>Narrative steps</source>
        <translation>讲解步骤</translation>
    </message>
    <message>
        <source>Add Check</source>
        <translation>添加检查</translation>
    </message>
    <message>
        <source>Add...</source>
        <translation>添加...</translation>
    </message>
    <message>
        <source>Put nodes on the canvas first: the checks offered are those that apply to their roles.</source>
        <translation>请先在画布上放置节点：可选的检查是适用于这些节点角色的检查。</translation>
    </message>
    <message>
        <source>The checks that apply to the roles on the canvas.</source>
        <translation>适用于画布上角色的检查。</translation>
    </message>
    <message>
        <source>Edit...</source>
        <translation>编辑...</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>No checks: a run of this lab is not judged.</source>
        <translation>没有检查：本实验的运行不作评判。</translation>
    </message>
    <message>
        <source>No scheduled faults.</source>
        <translation>没有计划的故障。</translation>
    </message>
    <message>
        <source>No narrative steps.</source>
        <translation>没有讲解步骤。</translation>
    </message>
    <message>
        <source>There is no lab.</source>
        <translation>没有实验。</translation>
    </message>
    <message>
        <source>The check %1 does not apply to the roles on the canvas.</source>
        <translation>检查 %1 不适用于画布上的角色。</translation>
    </message>
    <message>
        <source>Add a Check</source>
        <translation>添加检查</translation>
    </message>
    <message>
        <source>Edit Check</source>
        <translation>编辑检查</translation>
    </message>
    <message>
        <source>Add a Fault</source>
        <translation>添加故障</translation>
    </message>
    <message>
        <source>Edit Fault</source>
        <translation>编辑故障</translation>
    </message>
    <message>
        <source>Add a Narrative Step</source>
        <translation>添加讲解步骤</translation>
    </message>
    <message>
        <source>Edit Narrative Step</source>
        <translation>编辑讲解步骤</translation>
    </message>
    <message>
        <source>, required</source>
        <translation>，必填</translation>
    </message>
    <message>
        <source>Loss (%)</source>
        <translation>丢包率（%）</translation>
    </message>
    <message>
        <source>Duplication (%)</source>
        <translation>重复率（%）</translation>
    </message>
    <message>
        <source>Expected a percentage, e.g. 50 %.</source>
        <translation>应为百分比，例如 50 %。</translation>
    </message>
    <message>
        <source>a JSON list of strings, e.g. [&quot;./my-node&quot;, &quot;--verbose&quot;]</source>
        <translation>字符串的 JSON 列表，例如 [&quot;./my-node&quot;, &quot;--verbose&quot;]</translation>
    </message>
</context>
<context>
    <name>distlab::views::LabDocument</name>
    <message>
        <source>New lab</source>
        <translation>新实验</translation>
    </message>
    <message>
        <source>The lab is not a valid scenario yet, so it was not saved:
%1</source>
        <translation>该实验还不是有效的场景，因此未保存：
%1</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>There is no role &quot;%1&quot;.</source>
        <translation>没有名为“%1”的角色。</translation>
    </message>
    <message>
        <source>Generate between 2 and %1 nodes.</source>
        <translation>请生成 2 到 %1 个节点。</translation>
    </message>
    <message>
        <source>ring</source>
        <translation>环形</translation>
    </message>
    <message>
        <source>star</source>
        <translation>星形</translation>
    </message>
    <message>
        <source>mesh</source>
        <translation>全互联</translation>
    </message>
    <message>
        <source>cluster</source>
        <translation>集群</translation>
    </message>
    <message>
        <source>Generate a %1 of %2 %3 nodes</source>
        <translation>生成由 %2 个 %3 节点组成的%1</translation>
    </message>
    <message>
        <source>A lab&apos;s name is lowercase letters, digits and &apos;-&apos; (leader-failover), got &quot;%1&quot;.</source>
        <translation>实验名称由小写字母、数字和“-”组成（如 leader-failover），实际为“%1”。</translation>
    </message>
    <message>
        <source>Rename the lab to %1</source>
        <translation>将实验重命名为 %1</translation>
    </message>
    <message>
        <source>A lab needs a title, in English or in Chinese.</source>
        <translation>实验需要一个标题（英文或中文）。</translation>
    </message>
    <message>
        <source>Set the lab&apos;s title</source>
        <translation>设置实验标题</translation>
    </message>
    <message>
        <source>Give the duration with its unit: 30s, 1500ms or 2m.</source>
        <translation>请带单位填写时长：30s、1500ms 或 2m。</translation>
    </message>
    <message>
        <source>The duration must be longer than 0.</source>
        <translation>时长必须大于 0。</translation>
    </message>
    <message>
        <source>Set the duration to %1</source>
        <translation>将时长设为 %1</translation>
    </message>
    <message>
        <source>The seed must not be negative.</source>
        <translation>随机种子不能为负数。</translation>
    </message>
    <message>
        <source>The seed is a whole number (0 or more), got &quot;%1&quot;.</source>
        <translation>随机种子是一个整数（0 或更大），实际为“%1”。</translation>
    </message>
    <message>
        <source>Set the seed to %1</source>
        <translation>将随机种子设为 %1</translation>
    </message>
    <message>
        <source>There is no network preset &quot;%1&quot;.</source>
        <translation>没有网络预设“%1”。</translation>
    </message>
    <message>
        <source>Use the %1 network</source>
        <translation>使用 %1 网络</translation>
    </message>
    <message>
        <source>fault</source>
        <translation>故障</translation>
    </message>
    <message>
        <source>narrative step</source>
        <translation>讲解步骤</translation>
    </message>
    <message>
        <source>check</source>
        <translation>检查</translation>
    </message>
    <message>
        <source>There is no %1 number %2.</source>
        <translation>没有第 %2 个%1。</translation>
    </message>
    <message>
        <source>The %1 is empty.</source>
        <translation>%1为空。</translation>
    </message>
    <message>
        <source>Add a %1</source>
        <translation>添加%1</translation>
    </message>
    <message>
        <source>Change %1 %2</source>
        <translation>修改%1 %2</translation>
    </message>
    <message>
        <source>Remove %1 %2</source>
        <translation>删除%1 %2</translation>
    </message>
</context>
<context>
    <name>distlab::views::LabSession</name>
    <message>
        <source>A run is in progress; stop it first.</source>
        <translation>正在运行中，请先停止。</translation>
    </message>
    <message>
        <source>The recording has a problem: %1</source>
        <translation>录制文件有问题：%1</translation>
    </message>
</context>
<context>
    <name>distlab::views::LibraryPage</name>
    <message>
        <source>&amp;Open</source>
        <translation>打开(&amp;O)</translation>
    </message>
    <message>
        <source>&lt;h2&gt;DistLab scenario library&lt;/h2&gt;Every pattern of the catalog as a runnable lab. Pick one to open it, or start from an empty lab.</source>
        <translation>&lt;h2&gt;DistLab 场景库&lt;/h2&gt;目录中的每个模式都是一个可以运行的实验。选择一个打开，或从空白实验开始。</translation>
    </message>
    <message>
        <source>&amp;New empty lab</source>
        <translation>新建空白实验(&amp;N)</translation>
    </message>
    <message>
        <source>&lt;b&gt;Recent files&lt;/b&gt;</source>
        <translation>&lt;b&gt;最近的文件&lt;/b&gt;</translation>
    </message>
    <message>
        <source>No scenario selected</source>
        <translation>未选择场景</translation>
    </message>
    <message>
        <source>Choose a scenario on the left. Each one runs real node processes over loopback sockets (or the deterministic simulator) and checks what happened.</source>
        <translation>在左侧选择一个场景。每个场景都以真实的节点进程通过回环套接字运行（或在确定性模拟器中运行），并检查发生了什么。</translation>
    </message>
    <message>
        <source>(none yet)</source>
        <translation>（暂无）</translation>
    </message>
    <message>
        <source>Search scenarios (title, summary, file name; English or Chinese)…</source>
        <translation>搜索场景（标题、简介、文件名；中文或英文均可）…</translation>
    </message>
</context>
<context>
    <name>distlab::views::LogPanel</name>
    <message>
        <source>All nodes</source>
        <translation>全部节点</translation>
    </message>
    <message>
        <source>%1 and above</source>
        <translation>%1及以上</translation>
    </message>
    <message>
        <source>Search messages</source>
        <translation>搜索消息</translation>
    </message>
</context>
<context>
    <name>distlab::views::MainWindow</name>
    <message>
        <source>DistLab</source>
        <translation>分布式模式实验室</translation>
    </message>
    <message>
        <source>Open a scenario to begin.</source>
        <translation>请打开一个场景开始。</translation>
    </message>
    <message>
        <source>&amp;Open Scenario...</source>
        <translation>打开场景(&amp;O)...</translation>
    </message>
    <message>
        <source>Open a scenario file (Ctrl+O)</source>
        <translation>打开场景文件（Ctrl+O）</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>运行(&amp;R)</translation>
    </message>
    <message>
        <source>Run the scenario (F5)</source>
        <translation>运行场景（F5）</translation>
    </message>
    <message>
        <source>&amp;Stop</source>
        <translation>停止(&amp;S)</translation>
    </message>
    <message>
        <source>Stop the run (Shift+F5)</source>
        <translation>停止运行（Shift+F5）</translation>
    </message>
    <message>
        <source>S&amp;imulate</source>
        <translation>模拟(&amp;I)</translation>
    </message>
    <message>
        <source>Run in the deterministic simulator instead of on real node processes</source>
        <translation>在确定性模拟器中运行，而不是在真实的节点进程上运行</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>Lab</source>
        <translation>实验室</translation>
    </message>
    <message>
        <source>Cannot open %1</source>
        <translation>无法打开 %1</translation>
    </message>
    <message>
        <source>Cannot open the scenario</source>
        <translation>无法打开场景</translation>
    </message>
    <message>
        <source>Ready: press F5 to run.</source>
        <translation>就绪：按 F5 运行。</translation>
    </message>
    <message>
        <source>Stopping...</source>
        <translation>正在停止...</translation>
    </message>
    <message>
        <source>Running in the simulator...</source>
        <translation>正在模拟器中运行...</translation>
    </message>
    <message>
        <source>Running on real processes...</source>
        <translation>正在真实进程上运行...</translation>
    </message>
    <message>
        <source>The lab failed: %1</source>
        <translation>实验室出错：%1</translation>
    </message>
    <message numerus="yes">
        <source>Run finished: all %n check(s) passed.</source>
        <translation>
            <numerusform>运行结束：全部 %n 项检查通过。</numerusform>
        </translation>
    </message>
    <message>
        <source>Run finished: some checks failed (see Checks).</source>
        <translation>运行结束：部分检查未通过（见“检查”）。</translation>
    </message>
    <message>
        <source>%1[*] - DistLab</source>
        <translation>%1[*] - DistLab</translation>
    </message>
    <message>
        <source>Cannot run the lab</source>
        <translation>无法运行实验</translation>
    </message>
    <message>
        <source>Recording</source>
        <translation>录制</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>暂停(&amp;P)</translation>
    </message>
    <message>
        <source>Pause or continue the run (F6). A simulation stops its clock; a real run freezes its node processes.</source>
        <translation>暂停或继续运行 (F6)。模拟运行会停住时钟；真实运行会冻结节点进程。</translation>
    </message>
    <message>
        <source>Rest&amp;art</source>
        <translation>重新开始(&amp;A)</translation>
    </message>
    <message>
        <source>Stop the run and start it again from the beginning (Ctrl+F5)</source>
        <translation>停止运行并从头重新开始 (Ctrl+F5)</translation>
    </message>
    <message>
        <source>Step &amp;Mode</source>
        <translation>分步模式(&amp;M)</translation>
    </message>
    <message>
        <source>Pause at every narrative step marked pause (F7); F6 continues</source>
        <translation>在每个标记为暂停的讲解步骤处暂停 (F7)；按 F6 继续</translation>
    </message>
    <message>
        <source>Scenario &amp;Library</source>
        <translation>场景库(&amp;L)</translation>
    </message>
    <message>
        <source>Every shipped scenario, by family (Ctrl+L)</source>
        <translation>按类别列出的所有内置场景 (Ctrl+L)</translation>
    </message>
    <message>
        <source>&amp;Export Report...</source>
        <translation>导出报告(&amp;E)...</translation>
    </message>
    <message>
        <source>Write the report of the run shown (HTML, PDF, CSV, JSON, trace) to a folder</source>
        <translation>将当前显示的运行的报告（HTML、PDF、CSV、JSON、trace）写入文件夹</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>(none yet)</source>
        <translation>（暂无）</translation>
    </message>
    <message>
        <source>&amp;Past Runs...</source>
        <translation>历史运行(&amp;P)...</translation>
    </message>
    <message>
        <source>Past Runs</source>
        <translation>历史运行</translation>
    </message>
    <message>
        <source>Recording is switched off.</source>
        <translation>录制已关闭。</translation>
    </message>
    <message>
        <source>&amp;Timeline</source>
        <translation>时间线(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation>主题(&amp;T)</translation>
    </message>
    <message>
        <source>Follow the System</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>The language changes the next time DistLab starts.</source>
        <translation>语言将在下次启动 DistLab 时更改。</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <source>Running...</source>
        <translation>运行中...</translation>
    </message>
    <message>
        <source>Stop the run before opening a recording.</source>
        <translation>请先停止运行再打开录制文件。</translation>
    </message>
    <message>
        <source>Cannot open %1: %2</source>
        <translation>无法打开 %1：%2</translation>
    </message>
    <message>
        <source>Playback: %1</source>
        <translation>回放：%1</translation>
    </message>
    <message>
        <source>Reading the recording...</source>
        <translation>正在读取录制文件...</translation>
    </message>
    <message numerus="yes">
        <source>Playback of %1: %n event(s); drag the timeline or press Ctrl+Space to play.</source>
        <translation>
            <numerusform>回放 %1：%n 个事件；拖动时间线或按 Ctrl+Space 播放。</numerusform>
        </translation>
    </message>
    <message>
        <source>Metrics: off</source>
        <translation>指标：关闭</translation>
    </message>
    <message>
        <source>Live metrics for Prometheus could not be served: %1</source>
        <translation>无法为 Prometheus 提供实时指标：%1</translation>
    </message>
    <message>
        <source>Prometheus</source>
        <translation>Prometheus</translation>
    </message>
    <message>
        <source>Live metrics of the run in Prometheus text format: %1</source>
        <translation>以 Prometheus 文本格式提供的运行实时指标：%1</translation>
    </message>
    <message>
        <source>Export &amp;Picture</source>
        <translation>导出图片(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Topology...</source>
        <translation>拓扑(&amp;T)...</translation>
    </message>
    <message>
        <source>Export the Topology</source>
        <translation>导出拓扑</translation>
    </message>
    <message>
        <source>&amp;Message Diagram...</source>
        <translation>消息时空图(&amp;M)...</translation>
    </message>
    <message>
        <source>Export the Message Diagram</source>
        <translation>导出消息时空图</translation>
    </message>
    <message>
        <source>&amp;Compare...</source>
        <translation>比较(&amp;C)...</translation>
    </message>
    <message>
        <source>Compare two scenarios (run under the same seeds) or two recordings in a side-by-side report</source>
        <translation>在并排报告中比较两个场景（以相同种子运行）或两个录制</translation>
    </message>
    <message>
        <source>%1 / %2 s</source>
        <translation>%1 / %2 s</translation>
    </message>
    <message>
        <source>Open a Scenario or a Recording</source>
        <translation>打开场景或录制</translation>
    </message>
    <message>
        <source>Scenarios and recordings (*.yaml *.yml *.distlab);;Scenarios (*.yaml *.yml);;Recordings (*.distlab)</source>
        <translation>场景和录制 (*.yaml *.yml *.distlab);;场景 (*.yaml *.yml);;录制 (*.distlab)</translation>
    </message>
    <message>
        <source>Not started: a field holds a value that was not applied.</source>
        <translation>未开始：有字段中的值没有被应用。</translation>
    </message>
    <message>
        <source>The run would not use what these fields show, so it was not started:
%1

Correct the value, or select something else to discard it.</source>
        <translation>运行不会使用这些字段中显示的值，因此没有开始：
%1

请改正该值，或选择其他对象以放弃它。</translation>
    </message>
    <message>
        <source>Unsaved lab</source>
        <translation>未保存的实验</translation>
    </message>
    <message>
        <source>Run stopped at %1 s: not judged; checks past that read &quot;not reached&quot;.</source>
        <translation>运行停止于 %1 s：未评判；之后的检查显示“未到达”。</translation>
    </message>
    <message>
        <source>Run finished: not judged (the lab has no checks).</source>
        <translation>运行结束：未评判（本实验没有检查）。</translation>
    </message>
    <message>
        <source>Paused: the run&apos;s clock, faults and narrative wait. Press F6 to continue.</source>
        <translation>已暂停：运行时钟、故障和旁白都在等待。按 F6 继续。</translation>
    </message>
    <message>
        <source>Paused (F6 continues): the run&apos;s clock, faults and narrative wait; timers inside the node processes still run.</source>
        <translation>已暂停（按 F6 继续）：运行时钟、故障和旁白都在等待；节点进程内部的定时器仍在运行。</translation>
    </message>
    <message>
        <source>Open &amp;Example</source>
        <translation>打开示例(&amp;E)</translation>
    </message>
    <message>
        <source>(no scenarios installed)</source>
        <translation>（未安装任何场景）</translation>
    </message>
    <message>
        <source>&amp;About DistLab</source>
        <translation>关于 DistLab(&amp;A)</translation>
    </message>
    <message>
        <source>About DistLab</source>
        <translation>关于 DistLab</translation>
    </message>
    <message>
        <source>&lt;h3&gt;DistLab&lt;/h3&gt;&lt;p&gt;Version %1&lt;/p&gt;</source>
        <translation>&lt;h3&gt;DistLab · 分布式模式实验室&lt;/h3&gt;&lt;p&gt;版本 %1&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;A lab for distributed-system design patterns: every pattern runs as real node processes over loopback sockets, or in a deterministic simulator; faults are injected live, runs are recorded, checked and reported.&lt;/p&gt;&lt;p&gt;Built with Qt %1, running on Qt %2.&lt;/p&gt;</source>
        <translation>&lt;p&gt;分布式系统设计模式实验室：每个模式都以真实的节点进程通过回环套接字运行，或在确定性模拟器中运行；故障可实时注入，每次运行都会被录制、检查并生成报告。&lt;/p&gt;&lt;p&gt;构建于 Qt %1，运行于 Qt %2。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&amp;Chaos...</source>
        <translation>混沌测试(&amp;C)...</translation>
    </message>
    <message>
        <source>Run the lab many times in the simulator under random fault schedules and shrink the first failure to a scenario to replay (F8)</source>
        <translation>在模拟器中以随机故障计划多次运行实验，并把第一次失败缩减为可重放的场景 (F8)</translation>
    </message>
    <message>
        <source>Chaos</source>
        <translation>混沌测试</translation>
    </message>
    <message>
        <source>A run is in progress: stop it, then open the shrunk scenario.</source>
        <translation>正在运行：请先停止，再打开缩减后的场景。</translation>
    </message>
    <message>
        <source>Zoom &amp;In</source>
        <translation>放大(&amp;I)</translation>
    </message>
    <message>
        <source>Zoom &amp;Out</source>
        <translation>缩小(&amp;O)</translation>
    </message>
    <message>
        <source>Zoom to &amp;Fit</source>
        <translation>适应窗口(&amp;F)</translation>
    </message>
    <message>
        <source>Show the whole topology, and follow the window&apos;s size again (Ctrl+0)</source>
        <translation>显示整个拓扑，并重新随窗口大小缩放 (Ctrl+0)</translation>
    </message>
    <message>
        <source>Standard Colours</source>
        <translation>标准配色</translation>
    </message>
    <message>
        <source>High Contrast Colours</source>
        <translation>高对比度配色</translation>
    </message>
    <message>
        <source>Colour-Blind Safe Colours</source>
        <translation>色盲友好配色</translation>
    </message>
    <message>
        <source>Run My &amp;Node...</source>
        <translation>运行我的节点(&amp;N)...</translation>
    </message>
    <message>
        <source>Run a program of yours that speaks Maelstrom&apos;s protocol under one of Maelstrom&apos;s workloads, as distlab-cli maelstrom test does</source>
        <translation>在 Maelstrom 的某个工作负载下运行你自己的、使用 Maelstrom 协议的程序，与 distlab-cli maelstrom test 相同</translation>
    </message>
    <message>
        <source>Run My Node</source>
        <translation>运行我的节点</translation>
    </message>
    <message>
        <source>A run is in progress: stop it first.</source>
        <translation>有一次运行正在进行：请先停止它。</translation>
    </message>
    <message>
        <source>Compare with the &amp;Parent Run</source>
        <translation>与父运行比较(&amp;P)</translation>
    </message>
    <message>
        <source>The fork in playback beside the run it was forked from, in a side-by-side report</source>
        <translation>把回放中的分叉与它所分出的运行并排放入对照报告</translation>
    </message>
    <message>
        <source>The program</source>
        <translation>程序</translation>
    </message>
    <message>
        <source>Cannot run your node</source>
        <translation>无法运行你的节点</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>Playback: %1 (a fork of %2 at %3 s)</source>
        <translation>回放：%1（%2 在 %3 s 处的分叉）</translation>
    </message>
    <message>
        <source>Listening on %1</source>
        <translation>正在 %1 上监听</translation>
    </message>
    <message numerus="yes">
        <source>Waiting for %n remote node(s) on %1</source>
        <translation>
            <numerusform>正在 %1 上等待 %n 个远程节点</numerusform>
        </translation>
    </message>
    <message>
        <source>Click to copy the command that starts a node on another machine:
%1
for ID in: %2</source>
        <translation>点击复制在另一台机器上启动节点的命令：
%1
ID 依次为：%2</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>The fork opened in a new window. %1</source>
        <translation>分叉已在新窗口中打开。%1</translation>
    </message>
    <message>
        <source>&amp;Stress...</source>
        <translation>压力测试(&amp;S)...</translation>
    </message>
    <message>
        <source>Drive the lab&apos;s clients open loop at a rising rate in the simulator until it saturates, and open the report: throughput and latency against the offered load</source>
        <translation>在模拟器中以逐步升高的速率开环驱动实验的客户端，直到系统饱和，并打开报告：吞吐量和延迟随提供负载的变化</translation>
    </message>
    <message>
        <source>Stress</source>
        <translation>压力测试</translation>
    </message>
    <message>
        <source>The report is in %1</source>
        <translation>报告位于 %1</translation>
    </message>
</context>
<context>
    <name>distlab::views::MetricsView</name>
    <message>
        <source>Throughput</source>
        <translation>吞吐量</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>延迟</translation>
    </message>
    <message>
        <source>Errors</source>
        <translation>错误率</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>消息</translation>
    </message>
    <message>
        <source>Role metrics</source>
        <translation>角色指标</translation>
    </message>
    <message>
        <source>Operations completed ok per second</source>
        <translation>每秒成功完成的操作数</translation>
    </message>
    <message>
        <source>Latency of ok operations, invocation to completion: median and 99th percentile</source>
        <translation>成功操作从调用到完成的延迟：中位数与第 99 百分位</translation>
    </message>
    <message>
        <source>Operations failed, and timed out (outcome unknown), per second</source>
        <translation>每秒失败的操作数与超时（结果未知）的操作数</translation>
    </message>
    <message>
        <source>Messages sent, delivered and dropped per second</source>
        <translation>每秒发送、送达和丢弃的消息数</translation>
    </message>
    <message>
        <source>Gauges, counters and samples the roles report</source>
        <translation>角色上报的仪表值、计数器和采样</translation>
    </message>
    <message>
        <source>The role metric to plot</source>
        <translation>要绘制的角色指标</translation>
    </message>
    <message>
        <source>Whose metrics: every node, the node selected in any view, or one node</source>
        <translation>显示谁的指标：所有节点、在任一视图中选中的节点，或某一个节点</translation>
    </message>
    <message>
        <source>All nodes</source>
        <translation>所有节点</translation>
    </message>
    <message>
        <source>Selected node</source>
        <translation>选中的节点</translation>
    </message>
    <message>
        <source>%1 (gauge)</source>
        <translation>%1（仪表值）</translation>
    </message>
    <message>
        <source>%1 per second</source>
        <translation>每秒 %1</translation>
    </message>
    <message>
        <source>%1 (mean)</source>
        <translation>%1（平均值）</translation>
    </message>
    <message>
        <source>ops/s</source>
        <translation>操作/s</translation>
    </message>
    <message>
        <source>ok</source>
        <translation>成功</translation>
    </message>
    <message>
        <source>ok ops/s</source>
        <translation>成功操作/s</translation>
    </message>
    <message>
        <source>ms</source>
        <translation>ms</translation>
    </message>
    <message>
        <source>p50</source>
        <translation>p50</translation>
    </message>
    <message>
        <source>p99</source>
        <translation>p99</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>timed out</source>
        <translation>超时</translation>
    </message>
    <message>
        <source>messages/s</source>
        <translation>消息/s</translation>
    </message>
    <message>
        <source>sent</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>delivered</source>
        <translation>送达</translation>
    </message>
    <message>
        <source>dropped</source>
        <translation>丢弃</translation>
    </message>
    <message>
        <source>%1/s</source>
        <translation>%1/s</translation>
    </message>
    <message>
        <source>%1: %2 at %3 s</source>
        <translation>%1：%3 s 时为 %2</translation>
    </message>
    <message>
        <source>No role has reported a metric yet</source>
        <translation>尚无角色上报指标</translation>
    </message>
    <message>
        <source>%1 has reported no metric yet</source>
        <translation>%1 尚未上报指标</translation>
    </message>
    <message>
        <source>all nodes</source>
        <translation>所有节点</translation>
    </message>
</context>
<context>
    <name>distlab::views::MoveNodesCommand</name>
    <message>
        <source>There is no node &quot;%1&quot;.</source>
        <translation>没有名为“%1”的节点。</translation>
    </message>
    <message>
        <source>Move node %1</source>
        <translation>移动节点 %1</translation>
    </message>
    <message>
        <source>Move %1 nodes</source>
        <translation>移动 %1 个节点</translation>
    </message>
</context>
<context>
    <name>distlab::views::NarrativeBar</name>
    <message>
        <source>Step %1 of %2 · %3 s</source>
        <translation>第 %1 步，共 %2 步 · %3 s</translation>
    </message>
    <message>
        <source>Step %1 · %2 s</source>
        <translation>第 %1 步 · %2 s</translation>
    </message>
    <message>
        <source>Paused: press F6 to continue</source>
        <translation>已暂停：按 F6 继续</translation>
    </message>
</context>
<context>
    <name>distlab::views::PastRunsDialog</name>
    <message>
        <source>Past Runs</source>
        <translation>历史运行</translation>
    </message>
    <message numerus="yes">
        <source>%n recording(s) in %1, %2 in all. The oldest are removed when the folder outgrows its cap.</source>
        <translation>
            <numerusform>%1 中有 %n 个录制文件，共 %2。文件夹超出上限时会删除最旧的录制。</numerusform>
        </translation>
    </message>
    <message>
        <source>Compare...</source>
        <translation>比较...</translation>
    </message>
    <message>
        <source>Select two runs to compare them side by side</source>
        <translation>选择两次运行以并排比较</translation>
    </message>
</context>
<context>
    <name>distlab::views::PastRunsModel</name>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>damaged</source>
        <translation>已损坏</translation>
    </message>
    <message>
        <source>cut short</source>
        <translation>未完成</translation>
    </message>
    <message>
        <source>passed</source>
        <translation>通过</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>not judged</source>
        <translation>未评判</translation>
    </message>
    <message>
        <source>Scenario</source>
        <translation>场景</translation>
    </message>
    <message>
        <source>Started (UTC)</source>
        <translation>开始时间 (UTC)</translation>
    </message>
    <message>
        <source>Length</source>
        <translation>时长</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>事件数</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>结论</translation>
    </message>
    <message>
        <source>stopped at %1 s</source>
        <translation>停止于 %1 s</translation>
    </message>
</context>
<context>
    <name>distlab::views::PlaybackControls</name>
    <message>
        <source>&amp;Live</source>
        <translation>实时(&amp;L)</translation>
    </message>
    <message>
        <source>Back to the newest moment of the run (End)</source>
        <translation>回到运行的最新时刻 (End)</translation>
    </message>
    <message>
        <source>&amp;Play</source>
        <translation>播放(&amp;P)</translation>
    </message>
    <message>
        <source>Play the run from the cursor at the chosen speed (Ctrl+Space)</source>
        <translation>以所选速度从光标处播放运行 (Ctrl+Space)</translation>
    </message>
    <message>
        <source>Playback speed</source>
        <translation>回放速度</translation>
    </message>
    <message>
        <source>Next &amp;Message</source>
        <translation>下一条消息(&amp;M)</translation>
    </message>
    <message>
        <source>Next Event of the Selected &amp;Node</source>
        <translation>所选节点的下一个事件(&amp;N)</translation>
    </message>
    <message>
        <source>Next &amp;Fault</source>
        <translation>下一个故障(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Previous Fault</source>
        <translation>上一个故障(&amp;P)</translation>
    </message>
    <message>
        <source>How fast Play moves the cursor, against the run&apos;s own time; the simulation in progress runs at this speed too</source>
        <translation>播放时游标前进的速度（相对于运行本身的时间）；进行中的模拟也按此速度运行</translation>
    </message>
    <message>
        <source>How fast Play moves the cursor, against the run&apos;s own time</source>
        <translation>播放时游标前进的速度（相对于运行本身的时间）</translation>
    </message>
    <message>
        <source>Simulation speed</source>
        <translation>模拟速度</translation>
    </message>
    <message>
        <source>How fast the simulation runs against the scenario&apos;s time (1/10×: slow motion); Play uses it too</source>
        <translation>模拟相对于场景时间的运行速度（1/10×：慢动作）；播放也使用此速度</translation>
    </message>
    <message>
        <source>Real time</source>
        <translation>实时</translation>
    </message>
    <message>
        <source>Real processes run at the scenario&apos;s own pace. The speed applies to playback: drag the timeline back, or wait for the end of the run.</source>
        <translation>真实进程按场景自身的节奏运行。速度只作用于回放：把时间线往回拖，或等运行结束。</translation>
    </message>
    <message>
        <source>Real processes run at the scenario&apos;s own pace. The speed applies to simulated runs (Simulate) and to playback.</source>
        <translation>真实进程按场景自身的节奏运行。速度作用于模拟运行（“模拟”）和回放。</translation>
    </message>
</context>
<context>
    <name>distlab::views::Presentation</name>
    <message>
        <source>&amp;Presentation</source>
        <translation>演示模式(&amp;P)</translation>
    </message>
    <message>
        <source>Full screen for a projector: the canvas, the narrative and one view, large (F11; Esc leaves). Keys: 1-9 choose the view, Space the next step, arrows move the cursor</source>
        <translation>投影用的全屏：画布、讲解和一个视图，均放大显示（F11；Esc 退出）。按键：1-9 选择视图，空格到下一步，方向键移动光标</translation>
    </message>
    <message>
        <source>Presentation: leave</source>
        <translation>演示：退出</translation>
    </message>
    <message>
        <source>Presentation: next narrative step</source>
        <translation>演示：下一个讲解步骤</translation>
    </message>
    <message>
        <source>Presentation: cursor back</source>
        <translation>演示：光标后退</translation>
    </message>
    <message>
        <source>Presentation: cursor on</source>
        <translation>演示：光标前进</translation>
    </message>
    <message>
        <source>Presentation: to the start</source>
        <translation>演示：回到开头</translation>
    </message>
    <message>
        <source>Presentation: the canvas alone</source>
        <translation>演示：只显示画布</translation>
    </message>
    <message>
        <source>Presentation: view %1 beside the canvas</source>
        <translation>演示：在画布旁显示视图 %1</translation>
    </message>
</context>
<context>
    <name>distlab::views::RaftHistory</name>
    <message>
        <source>follower</source>
        <translation>跟随者</translation>
    </message>
    <message>
        <source>pre-candidate</source>
        <translation>预候选者</translation>
    </message>
    <message>
        <source>candidate</source>
        <translation>候选者</translation>
    </message>
    <message>
        <source>leader</source>
        <translation>领导者</translation>
    </message>
    <message>
        <source>non-member</source>
        <translation>非成员</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
</context>
<context>
    <name>distlab::views::RaftLanes</name>
    <message>
        <source>No Raft nodes in this run yet</source>
        <translation>本次运行中尚无 Raft 节点</translation>
    </message>
    <message>
        <source>term %1</source>
        <translation>任期 %1</translation>
    </message>
    <message>
        <source>dead</source>
        <translation>已宕机</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 at %2 s</source>
        <translation>%1，%2 s 时</translation>
    </message>
    <message>
        <source>%1, term %2</source>
        <translation>%1，任期 %2</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>已暂停</translation>
    </message>
    <message numerus="yes">
        <source>%n election(s) in the run</source>
        <translation>
            <numerusform>本次运行中发起了 %n 次选举</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>distlab::views::RaftLogModel</name>
    <message>
        <source>%1: entries up to %2 are compacted into a snapshot (last term %3)</source>
        <translation>%1：索引 %2 及之前的条目已压缩进快照（最后任期 %3）</translation>
    </message>
    <message>
        <source>%1 · index %2</source>
        <translation>%1 · 索引 %2</translation>
    </message>
    <message>
        <source>term %1: %2</source>
        <translation>任期 %1：%2</translation>
    </message>
    <message>
        <source>committed</source>
        <translation>已提交</translation>
    </message>
    <message>
        <source>not committed</source>
        <translation>未提交</translation>
    </message>
    <message>
        <source>applied</source>
        <translation>已应用</translation>
    </message>
    <message>
        <source>snapshot ≤ %1</source>
        <translation>快照 ≤ %1</translation>
    </message>
    <message>
        <source>Log index %1</source>
        <translation>日志索引 %1</translation>
    </message>
    <message>
        <source>%1: no state yet</source>
        <translation>%1：尚无状态</translation>
    </message>
    <message>
        <source>dead (was %1)</source>
        <translation>已宕机（之前是%1）</translation>
    </message>
    <message>
        <source>paused (%1)</source>
        <translation>已暂停（%1）</translation>
    </message>
    <message>
        <source>%1: %2, term %3
commit %4, applied %5, last index %6, snapshot ≤ %7</source>
        <translation>%1：%2，任期 %3
提交 %4，应用 %5，最后索引 %6，快照 ≤ %7</translation>
    </message>
</context>
<context>
    <name>distlab::views::RaftView</name>
    <message>
        <source>dead</source>
        <translation>已宕机</translation>
    </message>
    <message>
        <source>election</source>
        <translation>选举</translation>
    </message>
    <message>
        <source>elected</source>
        <translation>当选</translation>
    </message>
    <message>
        <source>Follower</source>
        <translation>跟随者</translation>
    </message>
    <message>
        <source>nextIndex</source>
        <translation>下一索引</translation>
    </message>
    <message>
        <source>matchIndex</source>
        <translation>匹配索引</translation>
    </message>
    <message>
        <source>&lt;b&gt;bold&lt;/b&gt;: committed, dashed: not yet</source>
        <translation>&lt;b&gt;粗框&lt;/b&gt;：已提交；虚线：未提交</translation>
    </message>
    <message>
        <source>applied</source>
        <translation>已应用</translation>
    </message>
    <message>
        <source>at %1 s</source>
        <translation>%1 s 时</translation>
    </message>
    <message>
        <source>No Raft nodes</source>
        <translation>无 Raft 节点</translation>
    </message>
    <message>
        <source>No leader · term %1 · %2</source>
        <translation>无领导者 · 任期 %1 · %2</translation>
    </message>
    <message>
        <source>Leader %1 · term %2 · %3</source>
        <translation>领导者 %1 · 任期 %2 · %3</translation>
    </message>
    <message>
        <source>No leader at this time</source>
        <translation>此刻没有领导者</translation>
    </message>
    <message>
        <source>Leader %1, term %2: its followers</source>
        <translation>领导者 %1（任期 %2）的跟随者</translation>
    </message>
</context>
<context>
    <name>distlab::views::RecordingLoader</name>
    <message numerus="yes">
        <source>The recording is damaged (%1); showing the %n event(s) before the damage.</source>
        <translation>
            <numerusform>录制文件已损坏（%1）；显示损坏前的 %n 个事件。</numerusform>
        </translation>
    </message>
    <message>
        <source>The recording is damaged: %1</source>
        <translation>录制文件已损坏：%1</translation>
    </message>
</context>
<context>
    <name>distlab::views::RemoveLinkCommand</name>
    <message>
        <source>There is no link from %1 to %2.</source>
        <translation>没有从 %1 到 %2 的链路。</translation>
    </message>
    <message>
        <source>Remove link %1 - %2</source>
        <translation>删除链路 %1 - %2</translation>
    </message>
</context>
<context>
    <name>distlab::views::RemoveNodesCommand</name>
    <message>
        <source>There is no node &quot;%1&quot;.</source>
        <translation>没有名为“%1”的节点。</translation>
    </message>
    <message>
        <source>Remove node %1</source>
        <translation>删除节点 %1</translation>
    </message>
    <message>
        <source>Remove %1 nodes</source>
        <translation>删除 %1 个节点</translation>
    </message>
</context>
<context>
    <name>distlab::views::RenameNodeCommand</name>
    <message>
        <source>Rename %1 to %2</source>
        <translation>将 %1 重命名为 %2</translation>
    </message>
    <message>
        <source>There is no node &quot;%1&quot;.</source>
        <translation>没有名为“%1”的节点。</translation>
    </message>
</context>
<context>
    <name>distlab::views::RingView</name>
    <message>
        <source>No ring nodes</source>
        <translation>没有哈希环节点</translation>
    </message>
    <message>
        <source>No ring yet</source>
        <translation>尚无哈希环</translation>
    </message>
    <message>
        <source>ring, %1 virtual nodes each</source>
        <translation>哈希环，每个节点 %1 个虚拟节点</translation>
    </message>
    <message>
        <source>bounded loads (factor %1), %2 virtual nodes each</source>
        <translation>有界负载（系数 %1），每个节点 %2 个虚拟节点</translation>
    </message>
    <message>
        <source>rendezvous hashing: no ring, the highest score wins</source>
        <translation>rendezvous 哈希：没有环，得分最高的节点胜出</translation>
    </message>
    <message>
        <source>jump consistent hash: no ring, buckets in member order</source>
        <translation>跳跃一致性哈希：没有环，按成员顺序编号的桶</translation>
    </message>
    <message>
        <source>hash mod N: no ring</source>
        <translation>哈希取模 N：没有环</translation>
    </message>
    <message>
        <source>%1 nodes · %2 keys · %3</source>
        <translation>%1 个节点 · %2 个键 · %3</translation>
    </message>
    <message>
        <source>%1 joined</source>
        <translation>%1 加入</translation>
    </message>
    <message>
        <source>%1 left</source>
        <translation>%1 离开</translation>
    </message>
    <message>
        <source>the placement changed</source>
        <translation>放置规则已改变</translation>
    </message>
    <message>
        <source>%1 at %2 s: %3 keys change owner (%4 %; the fewest possible %5 %)</source>
        <translation>%1（%2 s）：%3 个键改变所有者（%4%；理论最少 %5%）</translation>
    </message>
    <message>
        <source>off the ring</source>
        <translation>不在环上</translation>
    </message>
</context>
<context>
    <name>distlab::views::RolePalette</name>
    <message>
        <source>Drag a role onto the canvas to add a node</source>
        <translation>把角色拖到画布上即可添加节点</translation>
    </message>
</context>
<context>
    <name>distlab::views::RunMyNodeDialog</name>
    <message>
        <source>Run My Node</source>
        <translation>运行我的节点</translation>
    </message>
    <message>
        <source>Runs a program of yours that speaks Maelstrom&apos;s protocol (JSON lines on stdin and stdout, its log on stderr) as nodes n1, n2, ... under one of Maelstrom&apos;s workloads, as distlab-cli maelstrom test does. Maelstrom&apos;s services lin-kv, seq-kv, lww-kv and lin-tso run beside them.</source>
        <translation>把你自己的、使用 Maelstrom 协议的程序（stdin 与 stdout 上的 JSON 行，stderr 为日志）作为节点 n1、n2……运行在 Maelstrom 的某个工作负载下，与 distlab-cli maelstrom test 相同。Maelstrom 的服务 lin-kv、seq-kv、lww-kv 与 lin-tso 在它们旁边运行。</translation>
    </message>
    <message>
        <source>/path/to/my-node</source>
        <translation>/path/to/my-node</translation>
    </message>
    <message>
        <source>Browse...</source>
        <translation>浏览...</translation>
    </message>
    <message>
        <source>&amp;Program:</source>
        <translation>程序(&amp;P)：</translation>
    </message>
    <message>
        <source>optional, e.g. --verbose &quot;two words&quot;</source>
        <translation>可选，例如 --verbose &quot;two words&quot;</translation>
    </message>
    <message>
        <source>Split as a command line is (quotes group words); the program is started without a shell</source>
        <translation>按命令行的方式拆分（引号把词组合在一起）；程序不经过 shell 启动</translation>
    </message>
    <message>
        <source>&amp;Arguments:</source>
        <translation>参数(&amp;A)：</translation>
    </message>
    <message>
        <source>&amp;Workload:</source>
        <translation>工作负载(&amp;W)：</translation>
    </message>
    <message>
        <source>&amp;Nodes:</source>
        <translation>节点数(&amp;N)：</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>Seconds of workload; the run lasts one more to settle</source>
        <translation>工作负载持续的秒数；运行再多持续一秒以便收尾</translation>
    </message>
    <message>
        <source>&amp;Time limit:</source>
        <translation>时限(&amp;T)：</translation>
    </message>
    <message>
        <source> ops/s</source>
        <translation> 次操作/秒</translation>
    </message>
    <message>
        <source>Operations per second over all clients</source>
        <translation>所有客户端合计每秒的操作数</translation>
    </message>
    <message>
        <source>&amp;Rate:</source>
        <translation>速率(&amp;R)：</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>运行(&amp;R)</translation>
    </message>
    <message>
        <source>Your Node Program</source>
        <translation>你的节点程序</translation>
    </message>
</context>
<context>
    <name>distlab::views::ScenarioLibraryModel</name>
    <message>
        <source>Communication</source>
        <translation>通信</translation>
    </message>
    <message>
        <source>Consensus</source>
        <translation>共识</translation>
    </message>
    <message>
        <source>Resilience</source>
        <translation>弹性</translation>
    </message>
    <message>
        <source>Replication</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Partitioning</source>
        <translation>分区</translation>
    </message>
    <message>
        <source>Files that do not load</source>
        <translation>无法加载的文件</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message numerus="yes">
        <source>%n node(s) (%1), %2</source>
        <translation>
            <numerusform>%n 个节点（%1），%2</numerusform>
        </translation>
    </message>
    <message>
        <source>Checks: %1</source>
        <translation>检查：%1</translation>
    </message>
    <message>
        <source>Scenario</source>
        <translation>场景</translation>
    </message>
    <message>
        <source>This file does not load: %1</source>
        <translation>此文件无法加载：%1</translation>
    </message>
    <message>
        <source>%1, %2</source>
        <comment>faults, narrative steps</comment>
        <translation>%1，%2</translation>
    </message>
    <message numerus="yes">
        <source>%n fault(s)</source>
        <translation>
            <numerusform>%n 个故障</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n narrative step(s)</source>
        <translation>
            <numerusform>%n 个讲解步骤</numerusform>
        </translation>
    </message>
    <message>
        <source>Transactions</source>
        <translation>分布式事务</translation>
    </message>
    <message>
        <source>Caching</source>
        <translation>缓存</translation>
    </message>
    <message>
        <source>Discovery and configuration</source>
        <translation>服务发现与配置</translation>
    </message>
    <message>
        <source>Scheduling and load balancing</source>
        <translation>调度与负载均衡</translation>
    </message>
    <message>
        <source>Testing</source>
        <translation>测试</translation>
    </message>
    <message>
        <source>Theory</source>
        <translation>理论</translation>
    </message>
    <message>
        <source>Cases</source>
        <translation>行业案例</translation>
    </message>
</context>
<context>
    <name>distlab::views::SetLinkPropertyCommand</name>
    <message>
        <source>There is no link from %1 to %2.</source>
        <translation>没有从 %1 到 %2 的链路。</translation>
    </message>
    <message>
        <source>%1 must be a number.</source>
        <translation>%1 必须是数字。</translation>
    </message>
    <message>
        <source>%1 must be between 0 ms and 1 hour.</source>
        <translation>%1 必须在 0 ms 到 1 小时之间。</translation>
    </message>
    <message>
        <source>%1 is a whole number of bytes per second (0: unlimited).</source>
        <translation>%1 是每秒字节数的整数（0：不限）。</translation>
    </message>
    <message>
        <source>Set %1 of %2 - %3</source>
        <translation>设置 %2 - %3 的%1</translation>
    </message>
    <message>
        <source>%1 must not be negative.</source>
        <translation>%1 不能为负数。</translation>
    </message>
    <message>
        <source>%1 is a probability: between 0 % and 100 %.</source>
        <translation>%1 是概率：介于 0 % 和 100 % 之间。</translation>
    </message>
</context>
<context>
    <name>distlab::views::SetParameterCommand</name>
    <message>
        <source>There is no node &quot;%1&quot;.</source>
        <translation>没有名为“%1”的节点。</translation>
    </message>
    <message>
        <source>The role &quot;%1&quot; is unknown.</source>
        <translation>角色“%1”未知。</translation>
    </message>
    <message>
        <source>The role %1 has no parameter &quot;%2&quot;.</source>
        <translation>角色 %1 没有参数“%2”。</translation>
    </message>
    <message>
        <source>Reset %1 of %2</source>
        <translation>将 %2 的 %1 恢复默认</translation>
    </message>
    <message>
        <source>Set %1 of %2</source>
        <translation>设置 %2 的 %1</translation>
    </message>
</context>
<context>
    <name>distlab::views::ShortcutHelp</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>Menu</source>
        <translation>菜单</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>按键</translation>
    </message>
    <message>
        <source>Window</source>
        <translation>窗口</translation>
    </message>
</context>
<context>
    <name>distlab::views::SpacetimeCanvas</name>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>No messages yet</source>
        <translation>尚无消息</translation>
    </message>
    <message>
        <source>%1: click to select this node</source>
        <translation>%1：点击选中此节点</translation>
    </message>
    <message>
        <source>%1 → %2 · %3 #%4</source>
        <translation>%1 → %2 · %3 #%4</translation>
    </message>
    <message>
        <source>op %1</source>
        <translation>操作 %1</translation>
    </message>
    <message numerus="yes">
        <source>%n message(s) from %1 to %2 drawn as one line: click to select the first, zoom in (mouse wheel or +) to see each</source>
        <translation>
            <numerusform>从 %1 到 %2 的 %n 条消息画成一条线：点击选中第一条，放大（鼠标滚轮或 +）可逐条查看</numerusform>
        </translation>
    </message>
    <message>
        <source>Too many messages to draw one by one: zoom in (mouse wheel or +) to see each message</source>
        <translation>消息太多，无法逐条绘制：放大（鼠标滚轮或 +）以查看每条消息</translation>
    </message>
</context>
<context>
    <name>distlab::views::SpacetimeWidget</name>
    <message>
        <source>Space-time diagram: one lane per node, one arrow per message from its send to its delivery. Mouse wheel zooms, dragging pans, clicking a message selects it.</source>
        <translation>时空图：每个节点一条泳道，每条消息一个箭头，从发送指向送达。鼠标滚轮缩放，拖动平移，点击消息将其选中。</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>适应窗口</translation>
    </message>
    <message>
        <source>Show the whole run</source>
        <translation>显示整个运行过程</translation>
    </message>
    <message>
        <source>Selected node only</source>
        <translation>仅显示所选节点</translation>
    </message>
    <message>
        <source>Show only the messages sent or received by the node selected in any view</source>
        <translation>只显示在任一视图中选中的节点发送或接收的消息</translation>
    </message>
    <message>
        <source>Message types: the colour of their arrows; uncheck one to hide it</source>
        <translation>消息类型：即其箭头的颜色；取消勾选可隐藏该类型</translation>
    </message>
    <message>
        <source>Click a message to see its body and what happened before and after it.</source>
        <translation>点击一条消息，查看其消息体以及在它之前和之后发生的事件（因果关系）。</translation>
    </message>
    <message>
        <source>%1 messages · %2 in flight</source>
        <translation>%1 条消息 · %2 条传输中</translation>
    </message>
    <message>
        <source>%1 → %2 · %3 #%4</source>
        <translation>%1 → %2 · %3 #%4</translation>
    </message>
    <message>
        <source>Sent: %1 s</source>
        <translation>发送：%1 s</translation>
    </message>
    <message>
        <source>Held by the network: %1 s</source>
        <translation>被网络暂扣：%1 s</translation>
    </message>
    <message>
        <source>Dropped: %1 s (after %2 ms)</source>
        <translation>丢弃：%1 s（%2 ms 后）</translation>
    </message>
    <message>
        <source>Duplicate dropped: %1 s (after %2 ms)</source>
        <translation>重复副本丢弃：%1 s（%2 ms 后）</translation>
    </message>
    <message>
        <source>Delivered: %1 s (after %2 ms)</source>
        <translation>送达：%1 s（%2 ms 后）</translation>
    </message>
    <message>
        <source>Duplicate delivered: %1 s (after %2 ms)</source>
        <translation>重复副本送达：%1 s（%2 ms 后）</translation>
    </message>
    <message>
        <source>In flight at the cursor</source>
        <translation>在光标时刻仍在传输中</translation>
    </message>
    <message>
        <source>Held, waiting at the cursor</source>
        <translation>被暂扣，在光标时刻仍在等待</translation>
    </message>
    <message>
        <source>Vector clock: %1</source>
        <translation>向量时钟：%1</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Happened before it: %1 messages · after it: %2 · concurrent (dimmed): %3</source>
        <translation>先于它发生：%1 条消息 · 后于它发生：%2 条 · 并发（淡化显示）：%3 条</translation>
    </message>
    <message>
        <source>Body:</source>
        <translation>消息体：</translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>（空）</translation>
    </message>
    <message>
        <source>highlighted by %1: %2 messages, %3 operations</source>
        <translation>由 %1 高亮：%2 条消息，%3 个操作</translation>
    </message>
    <message>
        <source>Zoom out (-)</source>
        <translation>缩小（-）</translation>
    </message>
    <message>
        <source>Zoom in (+)</source>
        <translation>放大（+）</translation>
    </message>
    <message>
        <source>Wheel or +/− zooms · drag pans · click a line for its message</source>
        <translation>滚轮或 +/− 缩放 · 拖动平移 · 点击线条查看其消息</translation>
    </message>
</context>
<context>
    <name>distlab::views::StateModel</name>
    <message numerus="yes">
        <source>{%n field(s)}</source>
        <translation>
            <numerusform>{%n 个字段}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>[%n item(s)]</source>
        <translation>
            <numerusform>[%n 项]</numerusform>
        </translation>
    </message>
    <message>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
</context>
<context>
    <name>distlab::views::StatePanel</name>
    <message>
        <source>Select a node</source>
        <translation>选择节点</translation>
    </message>
    <message>
        <source>Since Cursor</source>
        <translation>自光标起</translation>
    </message>
    <message>
        <source>Highlight the fields that differ from the node&apos;s state at the timeline cursor&apos;s time (move the cursor there first), instead of those its last update changed</source>
        <translation>高亮与时间线光标时刻节点状态不同的字段（先把光标移到那里），而不是上次更新改变的字段</translation>
    </message>
    <message>
        <source>Since %1 s</source>
        <translation>自 %1 s 起</translation>
    </message>
</context>
<context>
    <name>distlab::views::StressDialog</name>
    <message>
        <source>Also the &amp;closed loop, compared at the knee</source>
        <translation>同时运行闭环(&amp;C)，在拐点处比较</translation>
    </message>
    <message>
        <source>Open &amp;Report</source>
        <translation>打开报告(&amp;R)</translation>
    </message>
    <message>
        <source>Stress: %1</source>
        <translation>压力测试：%1</translation>
    </message>
    <message>
        <source>Drives the clients (%1) open loop in the simulator, step by step from one offered rate to another, until the system saturates: throughput stops following the offered rate or the latency bends. Latency counts from each operation&apos;s intended start, so a stall is not hidden. The scenario&apos;s own faults, narrative and checks are left out.</source>
        <translation>在模拟器中开环驱动客户端（%1），把提供的速率一步步升高，直到系统饱和：吞吐量不再跟随提供的速率，或延迟拐弯。延迟从每个操作的预定开始时间算起，所以停顿不会被掩盖。场景自带的故障、叙述和检查都不使用。</translation>
    </message>
    <message>
        <source>Nothing to stress: %1</source>
        <translation>没有可以施压的对象：%1</translation>
    </message>
    <message>
        <source> /s</source>
        <translation> /s</translation>
    </message>
    <message>
        <source>The first offered rate: operations per second over every client</source>
        <translation>第一个提供速率：所有客户端合计每秒操作数</translation>
    </message>
    <message>
        <source>The last offered rate</source>
        <translation>最后一个提供速率</translation>
    </message>
    <message>
        <source>How much the offered rate rises from one step to the next</source>
        <translation>每一步提供速率升高多少</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>How long each step runs, in the scenario&apos;s time; its first fifth is a warm-up</source>
        <translation>每一步运行多久（场景时间）；前五分之一用于预热</translation>
    </message>
    <message>
        <source>&amp;From</source>
        <translation>起始(&amp;F)</translation>
    </message>
    <message>
        <source>T&amp;o</source>
        <translation>终止(&amp;O)</translation>
    </message>
    <message>
        <source>Ste&amp;p</source>
        <translation>步长(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Hold each step</source>
        <translation>每步持续(&amp;H)</translation>
    </message>
    <message>
        <source>The result shows here when the steps end.</source>
        <translation>各步结束后，结果显示在这里。</translation>
    </message>
    <message>
        <source>Open the report: throughput and latency against the offered rate, the saturation point, then the knee&apos;s run</source>
        <translation>打开报告：吞吐量和延迟随提供速率的变化、饱和点，然后是拐点那一步的运行</translation>
    </message>
    <message>
        <source>Steps: %v of %m</source>
        <translation>步骤：%v / %m</translation>
    </message>
    <message>
        <source>The first rate must not be above the last.</source>
        <translation>起始速率不能高于终止速率。</translation>
    </message>
    <message numerus="yes">
        <source>Stopped early after %n step(s).</source>
        <translation>
            <numerusform>在 %n 步之后提前停止。</numerusform>
        </translation>
    </message>
    <message>
        <source>Finished in %1 s.</source>
        <translation>%1 s 内完成。</translation>
    </message>
    <message>
        <source>Saturated at %1 /s: %2</source>
        <translation>在 %1 /s 时饱和：%2</translation>
    </message>
    <message>
        <source>No saturation up to %1 /s.</source>
        <translation>直到 %1 /s 都没有饱和。</translation>
    </message>
    <message>
        <source>The knee: %1 /s.</source>
        <translation>拐点：%1 /s。</translation>
    </message>
    <message>
        <source>offered /s</source>
        <translation>提供 /s</translation>
    </message>
    <message>
        <source>ok /s</source>
        <translation>成功 /s</translation>
    </message>
    <message>
        <source>knee</source>
        <translation>拐点</translation>
    </message>
    <message>
        <source>saturated</source>
        <translation>饱和</translation>
    </message>
    <message>
        <source>The report: %1</source>
        <translation>报告：%1</translation>
    </message>
</context>
<context>
    <name>distlab::views::TimelineStrip</name>
    <message>
        <source>Click or drag to move the timeline cursor</source>
        <translation>点击或拖动以移动时间线光标</translation>
    </message>
    <message>
        <source>other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>%1 s: %2</source>
        <translation>%1 s：%2</translation>
    </message>
    <message>
        <source>%1%2: %3 s to %4 s</source>
        <translation>%1%2：%3 s 至 %4 s</translation>
    </message>
    <message>
        <source>%1%2: since %3 s</source>
        <translation>%1%2：自 %3 s 起</translation>
    </message>
    <message numerus="yes">
        <source>%n more</source>
        <translation>
            <numerusform>其余 %n 个</numerusform>
        </translation>
    </message>
    <message>
        <source>%1: %2, %3 s to %4 s</source>
        <translation>%1：%2，%3 s 至 %4 s</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>Paused at a narrative step at %1 s, still paused</source>
        <translation>在 %1 s 处的讲解步骤暂停，仍在暂停中</translation>
    </message>
    <message>
        <source>Paused by hand at %1 s, still paused</source>
        <translation>在 %1 s 处手动暂停，仍在暂停中</translation>
    </message>
    <message>
        <source>Paused at a narrative step at %1 s for %2 s</source>
        <translation>在 %1 s 处的讲解步骤暂停了 %2 s</translation>
    </message>
    <message>
        <source>Paused by hand at %1 s for %2 s</source>
        <translation>在 %1 s 处手动暂停了 %2 s</translation>
    </message>
    <message>
        <source>%1 (by hand)</source>
        <translation>%1（手动）</translation>
    </message>
</context>
<context>
    <name>distlab::views::TopologyScene</name>
    <message>
        <source>Delete the selection</source>
        <translation>删除所选内容</translation>
    </message>
    <message>
        <source>An empty lab.
Drag a role from the palette onto the canvas, or use Edit ▸ Generate.
Shift-drag from one node to another to link them.</source>
        <translation>空实验。
从面板把角色拖到画布上，或使用 编辑 ▸ 生成。
按住 Shift 从一个节点拖到另一个节点即可连接它们。</translation>
    </message>
    <message>
        <source>+%1</source>
        <translation>+%1</translation>
    </message>
    <message>
        <source>%1% loss</source>
        <translation>丢包 %1%</translation>
    </message>
    <message>
        <source>%1% duplicated</source>
        <translation>重复 %1%</translation>
    </message>
    <message>
        <source>reordered</source>
        <translation>乱序</translation>
    </message>
    <message>
        <source>held</source>
        <translation>已扣留</translation>
    </message>
    <message>
        <source>Message %1 from %2 to %3, on its way.</source>
        <translation>消息 %1（%2 → %3）正在途中。</translation>
    </message>
    <message>
        <source>Click to hold it.</source>
        <translation>点击即可暂扣。</translation>
    </message>
    <message>
        <source>Message %1 from %2 to %3, held: deliver or drop it in Held Messages.</source>
        <translation>消息 %1（%2 → %3）已暂扣：请在“暂扣的消息”中投递或丢弃。</translation>
    </message>
    <message>
        <source>Message %1 from %2 to %3, already delivered.</source>
        <translation>消息 %1（%2 → %3）已经送达。</translation>
    </message>
    <message>
        <source>Message %1 from %2 to %3, dropped.</source>
        <translation>消息 %1（%2 → %3）已被丢弃。</translation>
    </message>
</context>
<context>
    <name>distlab::views::TxLanes</name>
    <message>
        <source>No transaction participants in this run yet</source>
        <translation>本次运行中还没有事务参与者</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
</context>
<context>
    <name>distlab::views::TxView</name>
    <message>
        <source>Locks held in doubt (from the yes vote to the decision):</source>
        <translation>不确定状态下持有的锁（从投赞成票到得知决定）：</translation>
    </message>
    <message>
        <source>then committed</source>
        <translation>之后提交</translation>
    </message>
    <message>
        <source>then aborted</source>
        <translation>之后中止</translation>
    </message>
    <message>
        <source>still undecided</source>
        <translation>仍未决定</translation>
    </message>
    <message>
        <source>decided the other way elsewhere</source>
        <translation>在别处做出了相反的决定</translation>
    </message>
    <message>
        <source>The strip under each lane: the participant&apos;s phase.</source>
        <translation>每条泳道下方的色带：参与者的阶段。</translation>
    </message>
    <message>
        <source>at %1 s</source>
        <translation>%1 s 时</translation>
    </message>
    <message>
        <source>No transaction participants</source>
        <translation>没有事务参与者</translation>
    </message>
    <message>
        <source>%1: %2 locks in %3 transactions</source>
        <translation>%1：%3 个事务持有 %2 把锁</translation>
    </message>
    <message>
        <source>in doubt</source>
        <translation>不确定状态</translation>
    </message>
    <message numerus="yes">
        <source>%n transaction(s) split between commit and abort</source>
        <translation>
            <numerusform>%n 个事务在提交与中止之间分裂</numerusform>
        </translation>
    </message>
    <message>
        <source>Semantic locks held (from a saga&apos;s step to its finish or compensation):</source>
        <translation>持有的语义锁（从 Saga 的步骤到其完成或补偿）：</translation>
    </message>
    <message>
        <source>then finished</source>
        <translation>之后完成</translation>
    </message>
    <message>
        <source>then compensated</source>
        <translation>之后补偿</translation>
    </message>
    <message>
        <source>still pending</source>
        <translation>仍待定</translation>
    </message>
    <message>
        <source>finished here, compensated elsewhere</source>
        <translation>此处完成，别处补偿</translation>
    </message>
    <message>
        <source>%1: %2 sagas</source>
        <translation>%1：%2 个 Saga</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>待定</translation>
    </message>
</context>
<context>
    <name>distlab::views::Units</name>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>%1 µs</source>
        <translation>%1 µs</translation>
    </message>
</context>
<context>
    <name>distlab::views::WindowDocks</name>
    <message>
        <source>Log</source>
        <translation>日志</translation>
    </message>
    <message>
        <source>Checks</source>
        <translation>检查</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Metrics</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>消息</translation>
    </message>
    <message>
        <source>Held Messages</source>
        <translation>暂扣的消息</translation>
    </message>
    <message>
        <source>Show %1 in front; hide it when it is in front already</source>
        <translation>把“%1”显示在最前；已在最前时隐藏它</translation>
    </message>
</context>
</TS>
