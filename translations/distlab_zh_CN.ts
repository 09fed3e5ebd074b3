<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
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
        <source>leader</source>
        <translation>领导者</translation>
    </message>
    <message>
        <source>candidate</source>
        <translation>候选者</translation>
    </message>
    <message>
        <source>pre-candidate</source>
        <translation>预候选者</translation>
    </message>
    <message>
        <source>follower</source>
        <translation>跟随者</translation>
    </message>
    <message>
        <source>up</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>down</source>
        <translation>停机</translation>
    </message>
    <message>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>%1 · term %2</source>
        <translation>%1 · 任期 %2</translation>
    </message>
    <message>
        <source>ended</source>
        <translation>已结束</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>熔断器闭合</translation>
    </message>
    <message>
        <source>open</source>
        <translation>熔断器断开</translation>
    </message>
    <message>
        <source>half-open</source>
        <translation>熔断器半开</translation>
    </message>
    <message>
        <source>non-member</source>
        <translation>非成员</translation>
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
        <translation>时间（秒）</translation>
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
        <translation>已修复 %1</translation>
    </message>
</context>
<context>
    <name>distlab::views::LabSession</name>
    <message>
        <source>A run is in progress; stop it first.</source>
        <translation>正在运行中，请先停止。</translation>
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
        <source>%v / %m s</source>
        <translation>%v / %m 秒</translation>
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
    <message>
        <source>Select a node</source>
        <translation>选择节点</translation>
    </message>
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
        <source>Cannot open %1</source>
        <translation>无法打开 %1</translation>
    </message>
    <message>
        <source>Cannot open the scenario</source>
        <translation>无法打开场景</translation>
    </message>
    <message>
        <source>%1 - DistLab</source>
        <translation>%1 - 分布式模式实验室</translation>
    </message>
    <message>
        <source>Ready: press F5 to run.</source>
        <translation>就绪：按 F5 运行。</translation>
    </message>
    <message>
        <source>Open Scenario</source>
        <translation>打开场景</translation>
    </message>
    <message>
        <source>Scenarios (*.yaml *.yml)</source>
        <translation>场景 (*.yaml *.yml)</translation>
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
</TS>
